// Starts and stops the WebHDFS test server (tests/webhdfs/server/webhdfs_server.py)
// for one test: free ports chosen by the server itself (it binds port 0 and
// writes them to a file), data under a temp dir, SIGTERM and wait at the end.
#pragma once

#include <curl/curl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "fs/webhdfs/webhdfs_fs.h"
#include "support/temp_dir.h"

namespace hmig::testing {

inline const char* kTestUser = "hmig";

class WebHdfsTestServer {
 public:
  // Extra arguments go to the server ("--page-size", "3", "--hadoop-version", "2").
  explicit WebHdfsTestServer(std::vector<std::string> args = {}) {
    std::string script = std::string(HMIG_SOURCE_DIR) + "/tests/webhdfs/server/webhdfs_server.py";
    std::string port_file = dir_ / "ports.json";
    // Debian's own interpreter: the server loads Debian's libisal through ctypes.
    std::string python =
        std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    std::vector<std::string> argv = {python,    "-B",          script,
                                     "--root",  dir_ / "root", "--port-file",
                                     port_file, "--superuser", kTestUser};
#ifdef HMIG_WEBHDFS_CRC_HELPER
    // The DataNode's chunk-CRC loop in C (server/chunk_crcs.cpp), built with the tests.
    argv.insert(argv.end(), {"--crc-helper", HMIG_WEBHDFS_CRC_HELPER});
#endif
    argv.insert(argv.end(), args.begin(), args.end());
    std::filesystem::create_directories(dir_ / "root");
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> cargv;
      for (auto& a : argv) cargv.push_back(a.data());
      cargv.push_back(nullptr);
      execvp(cargv[0], cargv.data());
      _exit(127);
    }
    for (int i = 0; i < 200 && !std::filesystem::exists(port_file); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::ifstream in(port_file);
    if (in) {
      auto j = nlohmann::json::parse(in, nullptr, false);
      if (!j.is_discarded()) {
        nn_port_ = j.value("namenode", 0);
        dn_port_ = j.value("datanode", 0);
      }
    }
  }
  ~WebHdfsTestServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  WebHdfsTestServer(const WebHdfsTestServer&) = delete;
  WebHdfsTestServer& operator=(const WebHdfsTestServer&) = delete;

  bool running() const {
    return nn_port_ > 0;
  }
  int nn_port() const {
    return nn_port_;
  }
  int dn_port() const {
    return dn_port_;
  }
  std::string base() const {
    return "http://127.0.0.1:" + std::to_string(nn_port_);
  }
  std::string authority() const {
    return "127.0.0.1:" + std::to_string(nn_port_);
  }
  std::string data_dir() const {
    return dir_ / "root/data";
  }

  // A client for this server as `user`.
  std::shared_ptr<fs::webhdfs::WebHdfsFileSystem> Client(
      const std::string& user = kTestUser, fs::webhdfs::WebHdfsOptions options = {}) const {
    options.namenodes = {base()};
    options.user = user;
    Uri root{"webhdfs", authority(), "/"};
    return std::make_shared<fs::webhdfs::WebHdfsFileSystem>(root, options);
  }

  // Control calls (/hmig-test/...): fault rules, standby/safe mode, counters.
  nlohmann::json Control(const std::string& method, const std::string& path,
                         const std::string& body = "") const {
    CURL* h = curl_easy_init();
    std::string out;
    std::string url = base() + path;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method != "GET") {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_easy_setopt(
        h, CURLOPT_WRITEFUNCTION, +[](char* d, size_t s, size_t n, void* o) {
          static_cast<std::string*>(o)->append(d, s * n);
          return s * n;
        });
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_perform(h);
    curl_easy_cleanup(h);
    return nlohmann::json::parse(out, nullptr, false);
  }
  void AddFaults(const nlohmann::json& rules) const {
    Control("POST", "/hmig-test/faults", rules.dump());
  }
  void SetMode(const std::string& query) const {
    Control("PUT", "/hmig-test/mode?" + query);
  }
  nlohmann::json State() const {
    return Control("GET", "/hmig-test/state");
  }

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int nn_port_ = 0;
  int dn_port_ = 0;
};

}  // namespace hmig::testing
