"""What the WebHDFS test server's modules share: HDFS's RemoteException (class
names, Java class names and HTTP codes as Hadoop answers them) and path helpers."""
import time

JAVA = {
    "FileNotFoundException": "java.io.FileNotFoundException",
    "AccessControlException": "org.apache.hadoop.security.AccessControlException",
    "FileAlreadyExistsException": "org.apache.hadoop.fs.FileAlreadyExistsException",
    "PathIsNotEmptyDirectoryException": "org.apache.hadoop.fs.PathIsNotEmptyDirectoryException",
    "ParentNotDirectoryException": "org.apache.hadoop.fs.ParentNotDirectoryException",
    "IOException": "java.io.IOException",
    "IllegalArgumentException": "java.lang.IllegalArgumentException",
    "HadoopIllegalArgumentException": "org.apache.hadoop.HadoopIllegalArgumentException",
    "SnapshotException": "org.apache.hadoop.hdfs.protocol.SnapshotException",
    "XAttrNotFoundException": "org.apache.hadoop.hdfs.protocol.XAttrNotFoundException",
    "SafeModeException": "org.apache.hadoop.hdfs.server.namenode.SafeModeException",
    "DSQuotaExceededException": "org.apache.hadoop.hdfs.protocol.DSQuotaExceededException",
    "StandbyException": "org.apache.hadoop.ipc.StandbyException",
    "RetriableException": "org.apache.hadoop.ipc.RetriableException",
    "InvalidToken": "org.apache.hadoop.security.token.SecretManager$InvalidToken",
    "UnsupportedOperationException": "java.lang.UnsupportedOperationException",
    "SnapshotAccessControlException": "org.apache.hadoop.hdfs.protocol.SnapshotAccessControlException",
}

STATUS = {"FileNotFoundException": 404, "IllegalArgumentException": 400, "UnsupportedOperationException": 400,
          "HadoopIllegalArgumentException": 400, "StandbyException": 403, "RetriableException": 503}


class HdfsError(Exception):
    def __init__(self, exception, message, status=None):
        super().__init__(message)
        self.exception = exception
        self.message = message
        self.status = status or STATUS.get(exception, 403)

    def body(self):
        return {"RemoteException": {"exception": self.exception,
                                    "javaClassName": JAVA.get(self.exception, "java.io.IOException"),
                                    "message": self.message}}


def now_ms():
    return int(time.time() * 1000)


def split(path):
    return [p for p in path.split("/") if p]


def parent_of(path):
    parts = split(path)
    return "/" + "/".join(parts[:-1])


def perm_string(mode, is_dir):
    out = "d" if is_dir else "-"
    for shift in (6, 3, 0):
        bits = (mode >> shift) & 7
        out += ("r" if bits & 4 else "-") + ("w" if bits & 2 else "-") + ("x" if bits & 1 else "-")
    return out
