"""Generated test images: a decompression bomb small on disk, images full of metadata, format parsers."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageCms, PngImagePlugin

SECRET = "Nguyen Van A, 0912345678"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="{SECRET}"/></rdf:RDF></x:xmpmeta>'
).encode()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 13_000, height: int = 13_000) -> bytes:
    """A valid one-colour PNG of width x height pixels: tens of kilobytes on disk, gigabytes once decoded."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + one bit per pixel, all black
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def png_of_size(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), 200).save(out, format="PNG")
    return out.getvalue()


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = SECRET  # Artist
    exif[0x010E] = SECRET  # ImageDescription
    return exif


def _icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_full_of_metadata() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (30, 120, 200)).save(
        out, format="JPEG", comment=SECRET.encode(), xmp=XMP, icc_profile=_icc(), exif=_exif(), dpi=(300, 300)
    )
    return out.getvalue()


GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    """A phone photo as it leaves the camera: GPS position, owner name and a JPEG comment."""
    exif = _exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (18.0, 40.0, 12.5), 3: "E", 4: (105.0, 41.0, 3.2)})
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (30, 120, 200)).save(out, format="JPEG", comment=SECRET.encode(), exif=exif)
    return out.getvalue()


def has_gps(data: bytes) -> bool:
    return bool(Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD))


def png_full_of_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_text("Comment", SECRET, zip=True)  # zTXt
    info.add_itxt("Description", SECRET, lang="vi")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    Image.new("RGBA", (24, 16), (30, 120, 200, 128)).save(
        out, format="PNG", pnginfo=info, icc_profile=_icc(), exif=_exif(), dpi=(300, 300)
    )
    return out.getvalue()


def gif_full_of_metadata() -> bytes:
    image = Image.new("P", (24, 16), 1)
    image.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0] + [0] * (253 * 3))
    out = io.BytesIO()
    image.save(out, format="GIF", comment=SECRET.encode(), transparency=0)
    return out.getvalue()


def webp_full_of_metadata() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (30, 120, 200)).save(out, format="WEBP", exif=_exif(), xmp=XMP, icc_profile=_icc())
    return out.getvalue()


def png_chunk_types(data: bytes) -> list[bytes]:
    kinds, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kinds.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    return kinds


def jpeg_markers(data: bytes) -> list[int]:
    """Markers up to the start of scan (everything after it is entropy-coded pixels)."""
    markers, pos = [], 2
    while pos < len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    return markers


def riff_chunk_types(data: bytes) -> list[bytes]:
    kinds, pos = [], 12
    while pos + 8 <= len(data):
        kind, (length,) = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])
        kinds.append(kind)
        pos += 8 + length + (length & 1)
    return kinds


def gif_extension_labels(data: bytes) -> list[int]:
    """Labels of the extension blocks (0xFE comment, 0xFF application such as XMP, 0xF9 graphic control)."""
    labels, pos = [], 13
    flags = data[10]
    if flags & 0x80:
        pos += 3 * (2 ** ((flags & 0x07) + 1))
    while pos < len(data):
        introducer = data[pos]
        if introducer == 0x3B:  # trailer
            break
        if introducer == 0x21:
            labels.append(data[pos + 1])
            pos += 2
        elif introducer == 0x2C:  # image descriptor, optional local table, then LZW data
            local = data[pos + 9]
            pos += 10 + (3 * (2 ** ((local & 0x07) + 1)) if local & 0x80 else 0) + 1
        else:
            raise ValueError(f"unexpected GIF block {introducer:#x}")
        while data[pos] != 0:  # data sub-blocks
            pos += 1 + data[pos]
        pos += 1
    return labels
