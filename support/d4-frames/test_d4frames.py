# SPDX-License-Identifier: Apache-2.0
"""Tests of d4frames.py against published facts (RFC 4231, a frame laid out by hand), its command line
and bad input, and send against a real TLS server on loopback. Run: python3 -m unittest -v (in this folder)."""
import io
import json
import os
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import d4frames

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "d4frames.py")
SERVER_PEM = os.path.join(HERE, "testdata", "server.pem")        # self-signed, test only: 127.0.0.1, ::1, localhost
OTHER_CA = os.path.join(HERE, "testdata", "other-ca.crt")        # a CA that did not sign it
SENSOR = "f8a2d4b6-3c1e-4a5b-9d7f-0123456789ab"
KEY = "private key"

# One type-3 frame of SENSOR at 1700000000 carrying "hello d4\n" with KEY, field by field. The HMAC is
# openssl's, not Python's: the frame with 64 zero digits in place of the HMAC, through
#   xxd -r -p | openssl dgst -sha256 -hmac 'private key'
HAND_MADE = bytes.fromhex(
    "01"                                                                    # version 1
    "03"                                                                    # type 3, log lines
    "f8a2d4b63c1e4a5b9d7f0123456789ab"                                      # uuid, raw, in text order
    "00f1536500000000"                                                      # 1700000000 = 0x6553f100, LE
    "9ab4e3628e64f1702c24e7fb31ef665b00c7ebf392e33f5fefc3af917a587164"      # hmac
    "09000000"                                                              # size 9, LE
    "68656c6c6f2064340a")                                                   # "hello d4\n"


def tool(*args, stdin=b"", timeout=60):
    return subprocess.run([sys.executable, TOOL, *args], input=stdin, capture_output=True, timeout=timeout)


def in_process(*args, stdin=b""):
    """main() with its standard streams swapped for buffers, for the many cases of bad arguments:
    (exit status, stdout bytes, stderr text). An unexpected exception fails the test as it is."""
    saved = sys.stdin, sys.stdout, sys.stderr
    out, err = io.BytesIO(), io.StringIO()
    sys.stdin, sys.stdout, sys.stderr = io.TextIOWrapper(io.BytesIO(stdin)), io.TextIOWrapper(out, write_through=True), err
    try:
        code = d4frames.main(list(args))
    except SystemExit as e:
        code = e.code
    finally:
        sys.stdout.flush()
        written = out.getvalue()
        sys.stdin, sys.stdout, sys.stderr = saved
    return code, written, err.getvalue()


def build(data, *extra, key=KEY, uuid=SENSOR):
    r = tool("build", "--uuid", uuid, "--key", key, *extra, stdin=data)
    if r.returncode != 0:
        raise AssertionError(r.stderr.decode())
    return r.stdout


def temp_dir(test):
    d = tempfile.mkdtemp(prefix="d4frames-test-")
    test.addCleanup(shutil.rmtree, d)
    return d


def split(stream):
    """(header fields, payload) per frame, read with struct offsets written out again here."""
    frames, offset = [], 0
    while offset < len(stream):
        size = struct.unpack_from("<I", stream, offset + 58)[0]
        frames.append((stream[offset], stream[offset + 1], struct.unpack_from("<Q", stream, offset + 18)[0],
                       stream[offset + 62:offset + 62 + size]))
        offset += 62 + size
    return frames


class Rfc4231(unittest.TestCase):
    """HMAC-SHA-256 test cases 1 to 7 of RFC 4231, each message fed in two parts as verify feeds payloads."""

    CASES = [
        (b"\x0b" * 20, b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (b"Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (b"\xaa" * 20, b"\xdd" * 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (bytes(range(1, 26)), b"\xcd" * 50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (b"\x0c" * 20, b"Test With Truncation", "a3b6167473100ee06e0c796c2955552b"),       # truncated to 128 bits
        (b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (b"\xaa" * 131, b"This is a test using a larger than block-size key and a larger than block-size data. The k"
                        b"ey needs to be hashed before being used by the HMAC algorithm.",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    def test_cases_1_to_7(self):
        for number, (key, data, expected) in enumerate(self.CASES, 1):
            with self.subTest(case=number):
                mac = d4frames.hmac_sha256(key, data[:7], data[7:]).hex()
                self.assertEqual(expected, mac[:len(expected)])


class Build(unittest.TestCase):

    def test_the_hand_made_frame(self):
        self.assertEqual(HAND_MADE, build(b"hello d4\n", "--type", "3", "--timestamp", "1700000000", "--no-eof-frame"))
        self.assertEqual(HAND_MADE, d4frames.encode_frame(KEY.encode(), 3, bytes.fromhex(SENSOR.replace("-", "")),
                                                           1700000000, b"hello d4\n"))

    def test_chunks_of_snaplen_then_the_zero_size_frame(self):
        data = os.urandom(10_000)
        frames = split(build(data, "--type", "1", "--snaplen", "4096", "--timestamp", "5"))
        self.assertEqual([4096, 4096, 1808, 0], [len(f[3]) for f in frames])
        self.assertEqual({(1, 1, 5)}, {f[:3] for f in frames})
        self.assertEqual(data, b"".join(f[3] for f in frames))
        without = split(build(data, "--type", "1", "--snaplen", "4096", "--no-eof-frame"))
        self.assertEqual([4096, 4096, 1808], [len(f[3]) for f in without])

    def test_empty_input_is_only_the_zero_size_frame_or_nothing(self):
        self.assertEqual([(1, 8, 9, b"")], split(build(b"", "--type", "8", "--timestamp", "9")))
        self.assertEqual(b"", build(b"", "--type", "8", "--no-eof-frame"))

    def test_a_pipe_written_in_pieces_still_gives_full_frames(self):
        p = subprocess.Popen([sys.executable, TOOL, "build", "--uuid", SENSOR, "--key", KEY, "--type", "3", "--timestamp", "1"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for _ in range(3):
            p.stdin.write(b"x" * 1000)
            p.stdin.flush()
            time.sleep(0.05)
        out, _ = p.communicate(timeout=30)
        self.assertEqual([3000, 0], [len(f[3]) for f in split(out)])

    def test_extreme_timestamps_are_unsigned_little_endian(self):
        top = build(b"a", "--type", "3", "--timestamp", str(2 ** 64 - 1), "--no-eof-frame")
        self.assertEqual(b"\xff" * 8, top[18:26])
        self.assertEqual(b"\x00" * 8, build(b"a", "--type", "3", "--timestamp", "0", "--no-eof-frame")[18:26])

    def test_meta_header_then_type_254_and_a_long_one_split_over_type_2_frames(self):
        meta = '{"type": "ja3-jl", "encoding": "utf-8"}'
        frames = split(build(b"{}\n", "--meta", meta, "--timestamp", "1"))
        self.assertEqual([2, 254, 254], [f[1] for f in frames])
        self.assertEqual(meta.encode(), frames[0][3])
        long_meta = json.dumps({"type": "maltrail", "tags": ["t%d" % i for i in range(40)]})
        frames = split(build(b"data", "--meta", long_meta, "--type", "254", "--snaplen", "100", "--timestamp", "1"))
        metas = [f for f in frames if f[1] == 2]
        self.assertEqual(-(-len(long_meta) // 100), len(metas))
        self.assertEqual(long_meta.encode(), b"".join(f[3] for f in metas))
        self.assertEqual([254, 254], [f[1] for f in frames[len(metas):]])

    def test_version_override(self):
        self.assertEqual(7, build(b"a", "--type", "3", "--frame-version", "7")[0])

    def test_key_file_without_its_trailing_newline(self):
        path = os.path.join(temp_dir(self), "key")
        with open(path, "wb") as f:
            f.write(b"private key\n")
        r = tool("build", "--uuid", SENSOR, "--key-file", path, "--type", "3", "--timestamp", "1700000000", "--no-eof-frame",
                 stdin=b"hello d4\n")
        self.assertEqual(HAND_MADE, r.stdout)

    def test_bad_input_is_refused_with_exit_2_and_no_traceback(self):
        good = ["--uuid", SENSOR, "--key", KEY, "--type", "3"]
        cases = {
            "uuid": ["--uuid", "not-a-uuid", "--key", KEY, "--type", "3"],
            "uuid in braces": ["--uuid", "{%s}" % SENSOR, "--key", KEY, "--type", "3"],
            "type 256": good[:4] + ["--type", "256"],
            "type -1": good[:4] + ["--type", "-1"],
            "no type": good[:4],
            "timestamp -1": good + ["--timestamp", "-1"],
            "timestamp 2^64": good + ["--timestamp", str(2 ** 64)],
            "snaplen 0": good + ["--snaplen", "0"],
            "snaplen huge": good + ["--snaplen", str(2 ** 31)],
            "meta not JSON": good[:4] + ["--meta", "{type"],
            "meta a list": good[:4] + ["--meta", '["type"]'],
            "meta without type": good[:4] + ["--meta", '{"encoding": "utf-8"}'],
            "meta type a number": good[:4] + ["--meta", '{"type": 3}'],
            "meta with type 3": good + ["--meta", '{"type": "ja3-jl"}'],
            "empty key": ["--uuid", SENSOR, "--key", "", "--type", "3"],
            "no key": ["--uuid", SENSOR, "--type", "3"],
            "no uuid": ["--key", KEY, "--type", "3"],
            "missing key file": ["--uuid", SENSOR, "--key-file", "/nonexistent/key", "--type", "3"],
        }
        for name, args in cases.items():
            with self.subTest(name):
                code, out, err = in_process("build", *args, stdin=b"data")
                self.assertEqual((2, b""), (code, out), err)
                self.assertIn("error", err)
        r = tool("build", *cases["uuid"], stdin=b"data")           # and once as a process
        self.assertEqual((2, b""), (r.returncode, r.stdout))
        self.assertIn(b"not a UUID in its 8-4-4-4-12 hex form", r.stderr)


class Verify(unittest.TestCase):

    def verify(self, stream, *extra, key=KEY):
        r = tool("verify", "--key", key, "--json", *extra, stdin=stream)
        self.assertNotIn(b"Traceback", r.stderr)
        return r.returncode, [json.loads(line) for line in r.stdout.decode().splitlines()]

    def test_the_hand_made_frame_and_its_fields(self):
        code, records = self.verify(HAND_MADE)
        self.assertEqual(0, code)
        self.assertEqual([{"index": 0, "offset": 0, "version": 1, "type": 3, "uuid": SENSOR, "timestamp": 1700000000,
                           "size": 9, "hmac": HAND_MADE[26:58].hex(), "hmac_ok": True, "problems": []}], records)

    def test_a_stream_of_frames_verifies(self):
        stream = build(os.urandom(20_000), "--type", "1", "--timestamp", str(2 ** 64 - 1)) + HAND_MADE
        code, records = self.verify(stream)
        self.assertEqual(0, code)
        self.assertEqual([0, 62 + 4096, 2 * (62 + 4096)], [r["offset"] for r in records[:3]])
        self.assertEqual([4096] * 4 + [3616, 0, 9], [r["size"] for r in records])
        self.assertEqual(2 ** 64 - 1, records[0]["timestamp"])

    def test_any_flipped_bit_outside_the_hmac_field_is_caught(self):
        for position in (0, 1, 2, 17, 18, 25, 58, 61, 62, len(HAND_MADE) - 1):
            with self.subTest(byte=position):
                bad = bytearray(HAND_MADE)
                bad[position] ^= 0x01
                code, records = self.verify(bytes(bad), "--max-size", str(2 ** 32 - 1))
                self.assertEqual(1, code)
                self.assertTrue(records[0]["problems"], records)
                if not 58 <= position < 62:      # a changed size may leave the payload incomplete instead
                    self.assertFalse(records[0]["hmac_ok"])

    def test_flipped_payload_bit_and_wrong_key(self):
        bad = bytearray(HAND_MADE)
        bad[-1] ^= 0x40
        code, records = self.verify(bytes(bad))
        self.assertEqual((1, False, ["HMAC does not match"]), (code, records[0]["hmac_ok"], records[0]["problems"]))
        code, records = self.verify(HAND_MADE, key="another key")
        self.assertEqual((1, False), (code, records[0]["hmac_ok"]))

    def test_version_and_uuid_are_checked(self):
        code, records = self.verify(build(b"a", "--type", "3", "--frame-version", "2", "--no-eof-frame"))
        self.assertEqual((1, True, ["version 2, not 1"]), (code, records[0]["hmac_ok"], records[0]["problems"]))
        v1 = "f8a2d4b6-3c1e-1a5b-9d7f-0123456789ab"
        code, records = self.verify(build(b"a", "--type", "3", "--no-eof-frame", uuid=v1))
        self.assertEqual((1, ["the UUID is not a version-4 UUID"]), (code, records[0]["problems"]))

    def test_a_stream_that_breaks_off(self):
        code, records = self.verify(HAND_MADE + HAND_MADE[:30])
        self.assertEqual(1, code)
        self.assertEqual(["the stream ends inside a header (30 of 62 bytes)"], records[1]["problems"])
        code, records = self.verify(HAND_MADE[:65])
        self.assertEqual(["the stream ends inside the payload (3 of 9 bytes)"], records[0]["problems"])

    def test_a_hostile_size_is_refused_before_its_payload_and_never_buffered(self):
        hostile = HAND_MADE[:58] + b"\xff\xff\xff\xff" + os.urandom(100)
        code, records = self.verify(hostile)
        self.assertEqual(1, code)
        self.assertEqual("size 4294967295 is above the limit of 1000000 bytes: payload not read", records[0]["problems"][0])
        started = time.monotonic()
        code, records = self.verify(hostile, "--max-size", str(2 ** 32 - 1))
        self.assertEqual(["the stream ends inside the payload (100 of 4294967295 bytes)"], records[0]["problems"])
        self.assertLess(time.monotonic() - started, 20)

    def test_empty_stream_garbage_and_text_output(self):
        self.assertEqual((0, []), self.verify(b""))
        code, records = self.verify(os.urandom(5000), "--max-size", str(2 ** 32 - 1))
        self.assertEqual(1, code)
        text = tool("verify", "--key", KEY, stdin=HAND_MADE)
        self.assertEqual(b"#0 at 0: version 1 type 3 uuid %s timestamp 1700000000 size 9: ok\n" % SENSOR.encode(), text.stdout)
        self.assertEqual(2, in_process("verify", stdin=HAND_MADE)[0], "no key")
        self.assertEqual(2, in_process("verify", "--key", KEY, "/nonexistent/frames")[0])
        self.assertEqual(2, in_process("verify", "--key", KEY, "--max-size", "-1", stdin=HAND_MADE)[0])


class TlsServer:
    """A TLS server on a free loopback port keeping what one connection sends; it closes the connection
    after close_after bytes when told to, as a D4 server closes on a bad frame."""

    def __init__(self, test, close_after=None):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(SERVER_PEM)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.received, self.error, self.done = bytearray(), None, threading.Event()
        threading.Thread(target=self._serve, args=(context, close_after), daemon=True).start()
        test.addCleanup(self.listener.close)

    def _serve(self, context, close_after):
        try:
            conn, _ = self.listener.accept()
            with context.wrap_socket(conn, server_side=True) as tls:
                tls.settimeout(30)
                while close_after is None or len(self.received) < close_after:
                    data = tls.recv(65536)
                    if not data:
                        break
                    self.received += data
        except (OSError, ssl.SSLError) as e:
            self.error = e
        finally:
            self.done.set()

    def wait(self):
        assert self.done.wait(30), "the server saw no end of the connection"
        return bytes(self.received)


class Send(unittest.TestCase):

    def send(self, server, *extra, stdin=b""):
        r = tool("send", "--host", "127.0.0.1", "--port", str(server.port), *extra, stdin=stdin)
        self.assertNotIn(b"Traceback", r.stderr)
        lines = r.stdout.decode().splitlines()
        self.assertEqual(1, len(lines), r.stdout + r.stderr)
        return r.returncode, json.loads(lines[0])

    def test_frames_built_from_stdin_arrive_byte_for_byte(self):
        data = os.urandom(50_000)
        server = TlsServer(self)
        code, result = self.send(server, "--uuid", SENSOR, "--key", KEY, "--type", "1", "--timestamp", "7", stdin=data)
        self.assertEqual(0, code, result)
        expected = build(data, "--type", "1", "--timestamp", "7")
        self.assertEqual(expected, server.wait())
        self.assertEqual({"bytes": len(expected), "frames": 14, "ended": "closed by us", "verified": False},
                         {k: result[k] for k in ("bytes", "frames", "ended", "verified")})
        self.assertIn(result["tls"], ("TLSv1.2", "TLSv1.3"))

    def test_a_frames_file_repeated_with_the_ca_checked(self):
        frames = build(os.urandom(9000), "--type", "3", "--snaplen", "4096")
        path = os.path.join(temp_dir(self), "frames.bin")
        with open(path, "wb") as f:
            f.write(frames)
        server = TlsServer(self)
        code, result = self.send(server, "--frames", path, "--repeat", "3", "--ca-file", SERVER_PEM)
        self.assertEqual(0, code, result)
        self.assertEqual(frames * 3, server.wait())
        self.assertEqual((3 * len(frames), 12, True), (result["bytes"], result["frames"], result["verified"]))

    def test_a_first_file_once_then_the_frames_repeated(self):
        first = build(b"G" * 24, "--type", "1", "--snaplen", "24", "--no-eof-frame")
        frames = build(os.urandom(5000), "--type", "1", "--snaplen", "4096", "--no-eof-frame")
        folder = temp_dir(self)
        first_path, path = os.path.join(folder, "first.bin"), os.path.join(folder, "frames.bin")
        for name, data in ((first_path, first), (path, frames)):
            with open(name, "wb") as f:
                f.write(data)
        server = TlsServer(self)
        code, result = self.send(server, "--frames", path, "--first", first_path, "--repeat", "2")
        self.assertEqual(0, code, result)
        self.assertEqual(first + frames * 2, server.wait())
        self.assertEqual((len(first) + 2 * len(frames), 5), (result["bytes"], result["frames"]))

    def test_first_without_frames_is_refused(self):
        code, _, err = in_process("send", "--host", "127.0.0.1", "--uuid", SENSOR, "--key", KEY, "--type", "1",
                                  "--first", "x.bin")
        self.assertEqual(2, code)
        self.assertIn("--first needs --frames", err)

    def test_a_certificate_from_another_ca_is_refused(self):
        server = TlsServer(self)
        code, result = self.send(server, "--uuid", SENSOR, "--key", KEY, "--type", "3", "--ca-file", OTHER_CA, stdin=b"x")
        self.assertEqual(1, code)
        self.assertTrue(result["ended"].startswith("error: certificate verify failed"), result)
        self.assertEqual((0, 0), (result["bytes"], result["frames"]))

    def test_the_server_closing_ends_the_hold_early(self):
        server = TlsServer(self, close_after=62)
        code, result = self.send(server, "--uuid", SENSOR, "--key", KEY, "--type", "3", "--hold", "20", stdin=b"x" * 100)
        self.assertEqual(1, code)
        self.assertTrue(result["ended"].startswith("closed by server"), result)
        self.assertLess(result["seconds"], 15)

    def test_hold_keeps_the_connection_then_we_close_it(self):
        server = TlsServer(self)
        code, result = self.send(server, "--uuid", SENSOR, "--key", KEY, "--type", "3", "--hold", "1", stdin=b"line\n")
        self.assertEqual((0, "closed by us", 2), (code, result["ended"], result["frames"]))
        self.assertGreaterEqual(result["seconds"], 1)
        self.assertEqual(2, len(split(server.wait())))

    def test_sigterm_stops_a_long_run_with_its_figures(self):
        path = os.path.join(temp_dir(self), "frames.bin")
        with open(path, "wb") as f:
            f.write(build(os.urandom(65536), "--type", "3", "--snaplen", "65536", "--no-eof-frame"))
        server = TlsServer(self)
        p = subprocess.Popen([sys.executable, TOOL, "send", "--host", "127.0.0.1", "--port", str(server.port), "--frames", path,
                              "--repeat", "1000000000"], stdout=subprocess.PIPE)
        time.sleep(1.5)
        p.send_signal(signal.SIGTERM)
        out, _ = p.communicate(timeout=30)
        result = json.loads(out)
        self.assertEqual((0, "stopped by a signal"), (p.returncode, result["ended"]))
        self.assertGreater(result["frames"], 0)
        self.assertEqual(result["bytes"] // (62 + 65536), result["frames"])

    def test_refused_connection_and_bad_arguments(self):
        closed = socket.create_server(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        closed.close()
        r = tool("send", "--host", "127.0.0.1", "--port", str(port), "--uuid", SENSOR, "--key", KEY, "--type", "3", stdin=b"x")
        self.assertEqual(1, r.returncode)
        self.assertTrue(json.loads(r.stdout)["ended"].startswith("error: "), r.stdout)
        broken = os.path.join(temp_dir(self), "broken.bin")
        with open(broken, "wb") as f:
            f.write(HAND_MADE[:-1])
        for args in (["--frames", broken], ["--frames", "/nonexistent"], ["--frames", os.devnull],
                     ["--uuid", SENSOR, "--key", KEY, "--type", "3", "--repeat", "2"],
                     ["--frames", broken, "--uuid", SENSOR], ["--uuid", SENSOR, "--key", KEY, "--type", "3", "--port", "0"],
                     ["--uuid", SENSOR, "--key", KEY, "--type", "3", "--hold", "soon"],
                     ["--uuid", SENSOR, "--key", KEY, "--type", "3", "--ca-file", "/nonexistent/ca.crt"],
                     ["--uuid", SENSOR, "--key", KEY, "--type", "3", "--ca-file", broken]):
            with self.subTest(args=args):
                code, out, err = in_process("send", "--host", "127.0.0.1", *args, stdin=b"x")
                self.assertEqual((2, b""), (code, out), err)


if __name__ == "__main__":
    unittest.main()
