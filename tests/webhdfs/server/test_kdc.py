#!/usr/bin/env python3
"""A throw-away MIT Kerberos realm for hmig's SPNEGO tests: krb5kdc from Debian's
krb5-kdc on a free 127.0.0.1 port, database and keytabs under --dir, stopped
with SIGTERM. Writes DIR/env (KRB5_CONFIG, KRB5_KDC_PROFILE) and the keytabs
DIR/http.keytab (HTTP/127.0.0.1) and DIR/<user>.keytab for --users.
Usage: test_kdc.py --dir DIR [--users alice,bob]   (runs until SIGTERM)
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import time

REALM = "HMIG.TEST"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--users", default="alice")
    ap.add_argument("--ticket-lifetime", default="1h")
    args = ap.parse_args()
    d = os.path.abspath(args.dir)
    os.makedirs(d, exist_ok=True)
    port = free_port()
    with open(os.path.join(d, "krb5.conf"), "w") as f:
        f.write("""[libdefaults]
 default_realm = %(realm)s
 dns_lookup_kdc = false
 dns_lookup_realm = false
 rdns = false
 dns_canonicalize_hostname = false
 udp_preference_limit = 1
 ticket_lifetime = %(life)s
[realms]
 %(realm)s = {
  kdc = 127.0.0.1:%(port)d
 }
[domain_realm]
 127.0.0.1 = %(realm)s
""" % {"realm": REALM, "port": port, "life": args.ticket_lifetime})
    with open(os.path.join(d, "kdc.conf"), "w") as f:
        f.write("""[kdcdefaults]
 kdc_ports = %(port)d
 kdc_tcp_listen = 127.0.0.1:%(port)d
 kdc_listen = 127.0.0.1:%(port)d
[realms]
 %(realm)s = {
  database_name = %(d)s/principal
  key_stash_file = %(d)s/stash
  acl_file = %(d)s/kadm5.acl
  max_life = %(life)s
  max_renewable_life = 0
 }
[logging]
 kdc = FILE:%(d)s/kdc.log
""" % {"realm": REALM, "port": port, "d": d, "life": args.ticket_lifetime})
    open(os.path.join(d, "kadm5.acl"), "w").close()
    env = dict(os.environ, KRB5_CONFIG=os.path.join(d, "krb5.conf"), KRB5_KDC_PROFILE=os.path.join(d, "kdc.conf"))
    run = lambda *cmd: subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    run("kdb5_util", "create", "-s", "-r", REALM, "-P", "master-password-for-tests")
    q = lambda query: run("kadmin.local", "-r", REALM, "-q", query)
    q("addprinc -randkey HTTP/127.0.0.1@" + REALM)
    q("ktadd -k %s/http.keytab HTTP/127.0.0.1@%s" % (d, REALM))
    for user in [u for u in args.users.split(",") if u]:
        q("addprinc -randkey %s@%s" % (user, REALM))
        q("ktadd -k %s/%s.keytab %s@%s" % (d, user, user, REALM))
    kdc = subprocess.Popen(["krb5kdc", "-n", "-r", REALM], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    with open(os.path.join(d, "env.tmp"), "w") as f:
        f.write("KRB5_CONFIG=%s\nKRB5_KDC_PROFILE=%s\nKDC_PORT=%d\n" % (env["KRB5_CONFIG"], env["KRB5_KDC_PROFILE"], port))
    os.replace(os.path.join(d, "env.tmp"), os.path.join(d, "env"))
    stop = [False]
    signal.signal(signal.SIGTERM, lambda *a: stop.__setitem__(0, True))
    parent = os.getppid()
    while not stop[0] and kdc.poll() is None and os.getppid() == parent:
        time.sleep(0.2)
    kdc.terminate()
    kdc.wait()


if __name__ == "__main__":
    sys.exit(main())
