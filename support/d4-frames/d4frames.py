#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""D4 frames from the protocol's frame table, written apart from the Java codec so each checks the other.

  build   data on stdin -> frames on stdout, as a sensor cuts them
  verify  frames on stdin or in a file -> one line per frame; exit 1 when any frame is bad
  send    frames to a D4 server over TLS, built from stdin or read from a frames file

Standard library only. See README.md beside this file.
"""
import argparse
import bisect
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import ssl
import struct
import sys
import time

# version u8, type u8, uuid 16 raw bytes, timestamp u64, hmac 32 bytes, size u32; little-endian, no padding
HEADER = struct.Struct("<BB16sQ32sI")
HMAC_START, HMAC_END = 26, 58
ZERO_HMAC = bytes(32)
META_HEADER, EXTENDED = 2, 254
MAX_SNAPLEN = 64 * 1024 * 1024      # one frame's payload is held in memory while it is built
SERVER_MAX_SIZE = 1_000_000         # the server's default limit, the default of verify --max-size
UUID_TEXT = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
IO_BLOCK = 1 << 20
MAX_KEY = 4096


class BadInput(Exception):
    """Input the tool refuses: exit status 2 with the message."""


class Stopped(Exception):
    """SIGTERM or SIGINT while sending."""


def new_mac(key):
    return hmac.new(key, digestmod=hashlib.sha256)


def hmac_sha256(key, *parts):
    """HMAC-SHA-256 of the concatenated parts, fed one after the other as verify feeds a payload."""
    mac = new_mac(key)
    for part in parts:
        mac.update(part)
    return mac.digest()


def encode_frame(key, frame_type, sensor, timestamp, payload, version=1):
    """One frame: the header with a zeroed HMAC field is signed together with the payload."""
    unsigned = HEADER.pack(version, frame_type, sensor, timestamp, ZERO_HMAC, len(payload))
    return unsigned[:HMAC_START] + hmac_sha256(key, unsigned, payload) + unsigned[HMAC_END:] + payload


def uuid_text(raw):
    h = raw.hex()
    return "-".join((h[:8], h[8:12], h[12:16], h[16:20], h[20:]))


def is_v4(raw):
    return raw[6] >> 4 == 4 and raw[8] >> 6 == 0b10


def read_up_to(stream, n):
    """n bytes, or fewer only at the end of the stream: a frame carries a full chunk whatever the reads give."""
    parts, have = [], 0
    while have < n:
        block = stream.read(n - have)
        if not block:
            break
        parts.append(block)
        have += len(block)
    return b"".join(parts)


def frames_from(stream, key, sensor, frame_type, snaplen, meta=None, timestamp=None, version=1, eof_frame=True):
    """Yields the frames a sensor sends for a stream: the meta header (type 2) first when there is one,
    then chunks of snaplen bytes, then the zero-size frame the C client sends at the end of its input."""
    def frame(t, payload):
        return encode_frame(key, t, sensor, int(time.time()) if timestamp is None else timestamp, payload, version)

    for offset in range(0, len(meta or b""), snaplen):
        yield frame(META_HEADER, meta[offset:offset + snaplen])
    while True:
        chunk = read_up_to(stream, snaplen)
        if not chunk:
            break
        yield frame(frame_type, chunk)
    if eof_frame:
        yield frame(frame_type, b"")


def verify_stream(stream, key, max_size=SERVER_MAX_SIZE):
    """Yields one record per frame: its header fields, hmac_ok and a list of problems (empty when good).
    A stream that breaks off, or a frame above max_size (whose payload is then not read), ends the walk
    with a record naming the problem. Payloads are hashed in blocks, never held, so memory stays bounded."""
    offset = index = 0
    while True:
        header = read_up_to(stream, HEADER.size)
        if not header:
            return
        if len(header) < HEADER.size:
            yield {"index": index, "offset": offset, "hmac_ok": None,
                   "problems": ["the stream ends inside a header (%d of %d bytes)" % (len(header), HEADER.size)]}
            return
        version, frame_type, sensor, timestamp, mac, size = HEADER.unpack(header)
        record = {"index": index, "offset": offset, "version": version, "type": frame_type, "uuid": uuid_text(sensor),
                  "timestamp": timestamp, "size": size, "hmac": mac.hex(), "hmac_ok": None, "problems": []}
        if size > max_size:
            record["problems"].append("size %d is above the limit of %d bytes: payload not read" % (size, max_size))
            yield record
            return
        digest = new_mac(key)
        digest.update(header[:HMAC_START] + ZERO_HMAC + header[HMAC_END:])
        remaining = size
        while remaining:
            block = stream.read(min(remaining, IO_BLOCK))
            if not block:
                break
            digest.update(block)
            remaining -= len(block)
        if remaining:
            record["problems"].append("the stream ends inside the payload (%d of %d bytes)" % (size - remaining, size))
            yield record
            return
        record["hmac_ok"] = hmac.compare_digest(digest.digest(), mac)
        if not record["hmac_ok"]:
            record["problems"].append("HMAC does not match")
        if version != 1:
            record["problems"].append("version %d, not 1" % version)
        if not is_v4(sensor):
            record["problems"].append("the UUID is not a version-4 UUID")
        yield record
        offset += HEADER.size + size
        index += 1


def frame_ends(path):
    """Where each frame of a frames file ends (headers only are read); a file that is not whole frames is refused."""
    try:
        total = os.path.getsize(path)
    except OSError as e:
        raise BadInput("cannot read %s: %s" % (path, reason(e)))
    if total == 0:
        raise BadInput("%s is empty" % path)
    ends, offset = [], 0
    with open(path, "rb") as f:
        while offset < total:
            f.seek(offset)
            header = f.read(HEADER.size)
            if len(header) < HEADER.size:
                raise BadInput("%s ends inside the header of frame %d" % (path, len(ends)))
            offset += HEADER.size + HEADER.unpack(header)[5]
            if offset > total:
                raise BadInput("%s ends inside the payload of frame %d" % (path, len(ends)))
            ends.append(offset)
    return ends


def tls_context(ca_file):
    """Without a CA file no certificate is checked, as the reference sensors run (socat verify=0)."""
    if ca_file is None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    try:
        return ssl.create_default_context(cafile=ca_file)
    except (OSError, ssl.SSLError) as e:
        raise BadInput("cannot read the CA file %s: %s" % (ca_file, reason(e)))


PEER_CLOSED = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, ssl.SSLEOFError, ssl.SSLZeroReturnError)


def reason(error):
    return (error.strerror if isinstance(error, OSError) else None) or str(error) or type(error).__name__


def how_it_ended(error):
    if isinstance(error, PEER_CLOSED):
        return "closed by server (%s)" % reason(error)
    if isinstance(error, socket.timeout):
        return "error: timed out"
    if isinstance(error, ssl.SSLCertVerificationError):
        return "error: certificate verify failed: %s" % error.verify_message
    return "error: %s" % reason(error)


def hold(tls, seconds):
    """Keeps the connection open up to seconds, returning early when the server closes it."""
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        tls.settimeout(left)
        try:
            if not tls.recv(4096):
                return "closed by server"
        except socket.timeout:
            return None


def close_politely(tls):
    """close_notify first, so the server sees the end of a stream and not a broken connection."""
    tls.settimeout(1)
    try:
        tls.unwrap()
    except (OSError, ValueError):
        pass


class Source:
    """What send writes: frames built from stdin, or a frames file repeated; counts what the socket took."""

    def __init__(self, args, key, sensor):
        self.bytes = self.frames = 0
        if args.frames is None:
            self.ends = None
            self.built = frames_from(sys.stdin.buffer, key, sensor, args.type, args.snaplen, args.meta, args.timestamp,
                                     args.frame_version, not args.no_eof_frame)
        else:
            self.ends = frame_ends(args.frames)
            self.path, self.repeat = args.frames, args.repeat
            self.first = args.first
            self.first_ends = frame_ends(args.first) if args.first is not None else []

    def write_to(self, tls):
        if self.ends is None:
            for frame in self.built:
                tls.sendall(frame)
                self.bytes += len(frame)
                self.frames += 1
            return
        buffer = bytearray(IO_BLOCK)
        view = memoryview(buffer)
        if self.first is not None:
            with open(self.first, "rb") as f:
                self.copy(f, tls, view)
        with open(self.path, "rb") as f:
            for _ in range(self.repeat):
                f.seek(0)
                self.copy(f, tls, view)

    def copy(self, f, tls, view):
        while True:
            n = f.readinto(view)
            if not n:
                return
            tls.sendall(view[:n])
            self.bytes += n

    def frames_sent(self):
        if self.ends is None:
            return self.frames
        first = self.first_ends[-1] if self.first_ends else 0
        if self.bytes < first:
            return bisect.bisect_right(self.first_ends, self.bytes)
        passes, rest = divmod(self.bytes - first, self.ends[-1])
        return len(self.first_ends) + passes * len(self.ends) + bisect.bisect_right(self.ends, rest)


def send(args, key, sensor):
    source = Source(args, key, sensor)
    context = tls_context(args.ca_file)

    def stop(signum, frame):
        raise Stopped()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    start = time.monotonic()
    ended, tls_version = None, None
    try:
        with socket.create_connection((args.host, args.port), timeout=args.timeout) as raw:
            with context.wrap_socket(raw, server_hostname=args.server_name or args.host) as tls:
                tls_version = tls.version()
                source.write_to(tls)
                ended = hold(tls, args.hold)
                if ended is None:
                    close_politely(tls)
                    ended = "closed by us"
    except Stopped:
        ended = "stopped by a signal"
    except (OSError, ssl.SSLError) as e:
        ended = how_it_ended(e)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    print(json.dumps({"bytes": source.bytes, "frames": source.frames_sent(), "seconds": round(time.monotonic() - start, 3),
                      "ended": ended, "tls": tls_version, "verified": args.ca_file is not None}), flush=True)
    return 0 if ended in ("closed by us", "stopped by a signal") else 1


def verify(args, key):
    try:
        stream = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")
    except OSError as e:
        raise BadInput("cannot read %s: %s" % (args.file, reason(e)))
    frames = bad = 0
    with stream:
        for record in verify_stream(stream, key, args.max_size):
            frames += "type" in record
            bad += bool(record["problems"])
            if args.json:
                print(json.dumps(record))
            elif "type" in record:
                print("#%d at %d: version %d type %d uuid %s timestamp %d size %d: %s" % (
                    record["index"], record["offset"], record["version"], record["type"], record["uuid"],
                    record["timestamp"], record["size"], "; ".join(record["problems"]) or "ok"))
            else:
                print("at %d: %s" % (record["offset"], "; ".join(record["problems"])))
    print("verify: %d frames, %d with problems" % (frames, bad), file=sys.stderr)
    return 1 if bad else 0


def build(args, key, sensor):
    out = sys.stdout.buffer
    for frame in frames_from(sys.stdin.buffer, key, sensor, args.type, args.snaplen, args.meta, args.timestamp,
                             args.frame_version, not args.no_eof_frame):
        out.write(frame)
    out.flush()
    return 0


def ranged(low, high, what):
    def parse(text):
        try:
            value = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError("%s must be a whole number, not %r" % (what, text))
        if not low <= value <= high:
            raise argparse.ArgumentTypeError("%s must be %d to %d, not %d" % (what, low, high, value))
        return value
    return parse


def sensor_uuid(text):
    if not UUID_TEXT.fullmatch(text):
        raise argparse.ArgumentTypeError("not a UUID in its 8-4-4-4-12 hex form: %r" % text)
    return bytes.fromhex(text.replace("-", ""))


def meta_header(text):
    """The meta header is sent as given; it must be a JSON object with a "type" string (the extended type)."""
    try:
        value = json.loads(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError("the meta header is not JSON: %s" % e)
    if not isinstance(value, dict) or not isinstance(value.get("type"), str) or not value["type"]:
        raise argparse.ArgumentTypeError('the meta header must be a JSON object with a "type" string')
    return text.encode("utf-8")


def seconds(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a number of seconds: %r" % text)
    if not 0 <= value <= 86400:
        raise argparse.ArgumentTypeError("seconds must be 0 to 86400, not %s" % text)
    return value


def parser():
    p = argparse.ArgumentParser(prog="d4frames.py", description=__doc__.split("\n")[0])
    commands = p.add_subparsers(dest="command", required=True)
    keyed = argparse.ArgumentParser(add_help=False)
    key = keyed.add_mutually_exclusive_group()
    key.add_argument("--key", help="the sensor's HMAC key, as text")
    key.add_argument("--key-file", help="a sensor key file (its trailing newline is not part of the key)")
    framing = argparse.ArgumentParser(add_help=False, parents=[keyed])
    framing.add_argument("--uuid", type=sensor_uuid, help="the sensor UUID")
    framing.add_argument("--type", type=ranged(0, 255, "--type"), help="payload type (254 by default with --meta)")
    framing.add_argument("--snaplen", "--chunk-size", type=ranged(1, MAX_SNAPLEN, "--snaplen"), default=4096,
                         help="payload bytes per frame (default 4096)")
    framing.add_argument("--timestamp", type=ranged(0, 2 ** 64 - 1, "--timestamp"),
                         help="seconds since the epoch for every frame (default: the clock, per frame)")
    framing.add_argument("--meta", type=meta_header, help="meta header JSON, sent as type 2 before type-254 data")
    framing.add_argument("--no-eof-frame", action="store_true", help="no zero-size frame at the end of the input")
    framing.add_argument("--frame-version", type=ranged(0, 255, "--frame-version"), default=1,
                         help="version byte (default 1; others only to test a peer's refusal)")

    commands.add_parser("build", parents=[framing], help="frames for the data on stdin, to stdout")
    v = commands.add_parser("verify", parents=[keyed], help="check a frame stream; exit 1 when a frame is bad")
    v.add_argument("file", nargs="?", default="-", help="frames file (default: stdin)")
    v.add_argument("--json", action="store_true", help="one JSON object per frame")
    v.add_argument("--max-size", type=ranged(0, 2 ** 32 - 1, "--max-size"), default=SERVER_MAX_SIZE,
                   help="largest payload accepted, as the server's limit (default %d)" % SERVER_MAX_SIZE)
    s = commands.add_parser("send", parents=[framing], help="send frames to a server over TLS, as a sensor")
    s.add_argument("--host", required=True, help="server name or address")
    s.add_argument("--port", type=ranged(1, 65535, "--port"), default=4443, help="sensor port (default 4443)")
    s.add_argument("--ca-file", help="check the server's certificate against this CA (default: no check)")
    s.add_argument("--server-name", help="name to check the certificate against (default: --host)")
    s.add_argument("--frames", help="send this frames file instead of building frames from stdin")
    s.add_argument("--repeat", type=ranged(1, 2 ** 40, "--repeat"), default=1, help="send the frames file N times")
    s.add_argument("--first", help="with --frames: a frames file sent once before them (say, a capture's global header)")
    s.add_argument("--hold", type=seconds, default=0, help="keep the connection open S seconds after the last frame")
    s.add_argument("--timeout", type=seconds, default=30, help="connect and write timeout in seconds (default 30)")
    return p


def key_of(args, p):
    if args.key is not None:
        key = args.key.encode("utf-8")
    elif args.key_file is not None:
        try:
            with open(args.key_file, "rb") as f:
                key = f.read(MAX_KEY + 2)
        except OSError as e:
            p.error("cannot read the key file: %s" % reason(e))
        if len(key) > MAX_KEY + 1 or len(key) == MAX_KEY + 1 and not key.endswith(b"\n"):
            p.error("the key file holds more than %d bytes" % MAX_KEY)
        key = key[:-1] if key.endswith(b"\n") else key
    else:
        p.error("--key or --key-file is needed")
    if not key:
        p.error("the key is empty")
    return key


def main(argv=None):
    p = parser()
    args = p.parse_args(argv)
    try:
        if args.command == "verify":
            return verify(args, key_of(args, p))
        if args.command == "send" and args.frames is not None:
            if args.uuid or args.key or args.key_file or args.meta or args.type is not None:
                p.error("--frames sends a frames file as it is: no --uuid, --key, --type or --meta")
            return send(args, None, None)
        if args.command == "send" and args.first is not None:
            p.error("--first needs --frames")
        if args.command == "send" and args.repeat != 1:
            p.error("--repeat needs --frames (stdin can be read only once)")
        if args.uuid is None:
            p.error("--uuid is needed")
        key = key_of(args, p)
        if args.meta is not None and args.type not in (None, EXTENDED):
            p.error("--meta describes type-254 data, so --type must be 254")
        if args.type is None:
            if args.meta is None:
                p.error("--type is needed")
            args.type = EXTENDED
        return build(args, key, args.uuid) if args.command == "build" else send(args, key, args.uuid)
    except BadInput as e:
        print("d4frames.py: %s" % e, file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
