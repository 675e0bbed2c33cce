#!/usr/bin/env python3
# make-bad.py: regenerates bad/*.kst, a corpus of corrupted traces, and unfinished.kst, from kitchen.kst
# (a good trace written by check_tl).  Run from this directory.  The layout is in src/trace.h.
import struct, zlib

good = bytearray(open("kitchen.kst", "rb").read())
pl, vl, sl = struct.unpack_from("<IIi", good, 32)
off = 48 + pl + vl + sl

def header_crc(b):
    struct.pack_into("<I", b, 44, zlib.crc32(bytes(b[:44])))
    return b

def body_crc(b):
    struct.pack_into("<I", b, len(b) - 4, zlib.crc32(bytes(b[48:-4])))
    return b

def write(name, data):
    open("bad/" + name, "wb").write(bytes(data))

write("empty.kst", b"")
write("text.kst", b"scenario race\nthread a { work 1ms }\n")
write("short-header.kst", good[:20])
b = bytearray(good); struct.pack_into("<H", b, 8, 9); write("version-9.kst", header_crc(b))
b = bytearray(good); struct.pack_into("<H", b, 10, 16); write("event-size.kst", header_crc(b))
b = bytearray(good); struct.pack_into("<I", b, 12, 4); write("flags.kst", header_crc(b))
b = bytearray(good); struct.pack_into("<I", b, 40, 0x7fffffff); write("huge-source.kst", header_crc(b))
b = bytearray(good); struct.pack_into("<Q", b, 16, 1 << 62); write("huge-count.kst", header_crc(b))
write("truncated-source.kst", good[:48 + pl + vl + 10])
write("truncated-events.kst", good[:off + 32 * 5 + 7])
write("trailing.kst", good + b"junk")
b = bytearray(good); b[off + 32 * 3 + 9] ^= 0x04; write("bitflip.kst", b)
b = bytearray(good); b[off + 32 * 2 + 26] = 200; write("bad-kind.kst", body_crc(b))
b = bytearray(good)
# the first REC_STATE record (kind 2) gets state 77
for i in range((len(good) - off - 4) // 32):
    if b[off + 32 * i + 26] == 2:
        b[off + 32 * i + 27] = 77
        break
write("bad-state.kst", body_crc(b))
b = bytearray(good); struct.pack_into("<Q", b, off + 32 * 6, 5); write("time-back.kst", body_crc(b))
# not bad: a recording cut short (count and header checksum 0) replays with a warning
b = bytearray(good); struct.pack_into("<QQ", b, 16, 0, 0); struct.pack_into("<I", b, 44, 0)
open("unfinished.kst", "wb").write(bytes(b))
