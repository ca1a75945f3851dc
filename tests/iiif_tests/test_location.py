"""imaging.strip_location and read_location: the GPS position of a contributed
photo is read, or removed by rewriting the file's container, never by
re-encoding: pixels, orientation, colour profile and compressed data stay."""

import io
import struct

import pytest
from PIL import Image, ImageCms, TiffImagePlugin

from kulturschatz.iiif import imaging, uploads
from tests.collections_tests.test_uploads import (
    COMMENT,
    GPS_IFD,
    XMP_GPS,
    camera_exif,
    encoded,
    gps_jpeg,
    photo,
    png_chunk,
)

LATITUDE = 51 + 21 / 60 + 23.04 / 3600  # camera_exif(): 51° 21' 23.04" N
LONGITUDE = 11 + 59 / 60 + 30.12 / 3600  # 11° 59' 30.12" E


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()


def exif_of(data: bytes) -> Image.Exif:
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif()


def check(data: bytes, name: str) -> imaging.ImageFacts:
    return uploads.check_image_file(io.BytesIO(data), name=name)


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    return [(m, data[s:e]) for m, s, e in imaging._jpeg_segments(data)]


def scan_data(data: bytes) -> bytes:
    """Everything from the first SOS on: the compressed picture."""
    return data[data.index(b"\xff\xda") :]


def gps_exif(latitude=((51.0, 21.0, 23.04), "N"), longitude=((11.0, 59.0, 30.12), "E")):
    exif = Image.Exif()
    gps = exif.get_ifd(GPS_IFD)
    gps[2], gps[1] = latitude
    gps[4], gps[3] = longitude
    return exif


# -- JPEG ------------------------------------------------------------------------------


def test_jpeg_loses_gps_xmp_and_comment_and_keeps_the_rest():
    original = gps_jpeg(orientation=6)
    assert XMP_GPS in original and COMMENT in original
    stripped = imaging.strip_location(original)

    assert imaging.read_location(stripped) is None
    exif = exif_of(stripped)
    assert GPS_IFD not in exif and exif.get_ifd(GPS_IFD) == {}
    assert exif[0x0112] == 6  # orientation
    assert exif[0x010F] == "Kulturschatz Testkamera"  # the rest of the EXIF stays
    assert b"GPS" not in stripped and b"51,21" not in stripped
    assert XMP_GPS not in stripped and b"ns.adobe.com/xap" not in stripped
    assert COMMENT not in stripped
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(stripped)) as after:
        assert after.info["icc_profile"] == before.info["icc_profile"]
        assert after.tobytes() == before.tobytes()
    # The compressed picture (and its tables) byte for byte: no re-encoding.
    assert scan_data(stripped) == scan_data(original)
    kept = {0xDB, 0xC0, 0xC4, 0xE2}
    assert [s for m, s in jpeg_segments(stripped) if m in kept] == [
        s for m, s in jpeg_segments(original) if m in kept
    ]
    facts = check(stripped, "foto.jpg")
    assert (facts.format, facts.width, facts.height) == ("JPEG", 700, 900)


def test_progressive_jpeg_and_trailer():
    original = encoded(photo(), "JPEG", progressive=True, exif=camera_exif()) + b"TRAILER 51.3 N"
    stripped = imaging.strip_location(original)
    assert imaging.read_location(stripped) is None
    assert not stripped.endswith(b"TRAILER 51.3 N") and stripped.endswith(b"\xff\xd9")
    assert pixels(stripped) == pixels(original)
    check(stripped, "foto.jpg")


def test_jpeg_without_exif_is_returned_unchanged():
    original = encoded(photo(), "JPEG", quality=85)
    assert imaging.strip_location(original) is original
    assert imaging.read_location(original) is None


def test_jpeg_with_exif_but_no_gps_is_returned_unchanged():
    exif = Image.Exif()
    exif[0x0112] = 3
    original = encoded(photo(), "JPEG", exif=exif)
    assert imaging.strip_location(original) is original


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")  # Pillow, decoding the kept one
def test_malformed_exif_does_not_crash_and_keeps_no_gps_pointer():
    clean = encoded(photo((64, 48)), "JPEG")
    cases = {  # payload: what becomes of it
        b"Exif\x00\x00garbage": "dropped",  # unreadable
        b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff": "kept",  # no GPS pointer read
        b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x25\x88\x04\x00\x01\x00\x00\x00"
        b"\xff\xff\x00\x00\x00\x00\x00\x00": "rewritten",  # GPS directory past the end
    }
    for payload, fate in cases.items():
        segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
        data = clean[:2] + segment + clean[2:]
        assert imaging.read_location(data) is None, fate
        stripped = imaging.strip_location(data)
        assert (payload in stripped) == (fate == "kept"), fate
        for exif in imaging._exif_payloads(stripped):
            assert GPS_IFD not in imaging._load_exif(exif), fate
        assert pixels(stripped) == pixels(clean), fate


def test_hostile_input_never_raises_from_read_location():
    samples = [
        b"", b"\xff\xd8", b"\xff\xd8\xff\xe1\xff\xff", b"\x89PNG\r\n\x1a\n\x00\x00\x10\x00eXIf",
        b"RIFF\xff\xff\xff\xffWEBPEXIF\xff\xff\xff\xff", b"II*\x00\xff\xff\xff\xff",
        b"MM\x00*\x00\x00\x00\x08\x00\x01\x88\x25\x00\x04\x00\x00\x00\x01\x00\x00\x00\x08",
        imaging.JP2_SIGNATURE + b"\x00\x00\x00\x01uuid", b"not an image at all",
    ]  # fmt: skip
    for data in samples:
        assert imaging.read_location(data) is None


def test_broken_structure_is_an_image_decode_error():
    for data in (b"\xff\xd8\xff\xe1\xff\xff", b"\x89PNG\r\n\x1a\n\x00\x00\x10\x00IHDR", b"GIF89a"):
        with pytest.raises(imaging.ImageDecodeError):
            imaging.strip_location(data)


# -- PNG ---------------------------------------------------------------------------------


def test_png_exif_chunk_rewritten_and_xmp_dropped():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP_GPS.decode())
    info.add_text("Comment", COMMENT.decode())
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = encoded(photo(), "PNG", exif=camera_exif(6), pnginfo=info, icc_profile=srgb)
    assert imaging.read_location(original) == pytest.approx((LATITUDE, LONGITUDE))

    stripped = imaging.strip_location(original)
    assert imaging.read_location(stripped) is None
    assert XMP_GPS not in stripped and COMMENT not in stripped
    assert exif_of(stripped)[0x0112] == 6
    assert pixels(stripped) == pixels(original)
    with Image.open(io.BytesIO(stripped)) as image:
        assert image.info["icc_profile"] == srgb
        image.verify()  # every CRC, the rewritten chunk's too
    chunks = [kind for kind, _, _ in imaging._png_chunks(stripped)]
    assert "eXIf" in {kind.decode() for kind in chunks} and b"iTXt" not in chunks
    # The image data chunks are the very same bytes.
    idat = [original[s:e] for k, s, e in imaging._png_chunks(original) if k == b"IDAT"]
    assert idat == [stripped[s:e] for k, s, e in imaging._png_chunks(stripped) if k == b"IDAT"]
    check(stripped, "scan.png")


def test_png_unreadable_exif_chunk_is_dropped():
    clean = encoded(photo((32, 32)), "PNG")
    at = clean.index(b"IDAT") - 4
    data = clean[:at] + png_chunk(b"eXIf", b"no TIFF header") + clean[at:]
    assert imaging.read_location(data) is None
    assert imaging.strip_location(data) == clean


def test_png_without_metadata_is_unchanged():
    original = encoded(photo((32, 32)), "PNG")
    assert imaging.strip_location(original) is original


# -- WebP -------------------------------------------------------------------------------


def test_webp_exif_rewritten_xmp_dropped_and_header_fixed():
    original = encoded(photo(), "WEBP", lossless=True, exif=camera_exif(6), xmp=XMP_GPS)
    assert imaging.read_location(original) == pytest.approx((LATITUDE, LONGITUDE))
    stripped = imaging.strip_location(original)

    assert imaging.read_location(stripped) is None
    assert XMP_GPS not in stripped
    chunks = {fourcc for fourcc, *_ in imaging._riff_chunks(stripped)}
    assert b"XMP " not in chunks and b"EXIF" in chunks
    vp8x = stripped[stripped.index(b"VP8X") + 8]
    assert vp8x & imaging._WEBP_XMP_FLAG == 0 and vp8x & imaging._WEBP_EXIF_FLAG
    assert struct.unpack("<I", stripped[4:8])[0] == len(stripped) - 8
    assert exif_of(stripped)[0x0112] == 6
    assert pixels(stripped) == pixels(original)
    facts = check(stripped, "foto.webp")
    assert (facts.width, facts.height) == (700, 900)


def test_webp_with_only_gps_in_exif_keeps_an_empty_exif():
    original = encoded(photo((64, 48)), "WEBP", quality=80, exif=gps_exif())
    stripped = imaging.strip_location(original)
    assert imaging.read_location(stripped) is None
    assert pixels(stripped) == pixels(original)
    check(stripped, "foto.webp")


# -- TIFF -------------------------------------------------------------------------------


def gps_tiff_info() -> TiffImagePlugin.ImageFileDirectory_v2:
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[0x0112] = 6
    info[GPS_IFD] = {1: "N", 2: (51.0, 21.0, 23.04), 3: "E", 4: (11.0, 59.0, 30.12)}
    info[700] = XMP_GPS
    info.tagtype[700] = 1  # BYTE
    return info


def test_tiff_directories_lose_gps_and_xmp_in_place():
    buffer = io.BytesIO()
    # A pyramidal TIFF: the full picture and a reduced level (Pillow writes the
    # GPS directory only uncompressed; the surgery does not depend on it).
    photo().save(buffer, "TIFF", save_all=True, append_images=[photo((350, 450))],
                 tiffinfo=gps_tiff_info())  # fmt: skip
    original = buffer.getvalue()
    assert imaging.read_location(original) == pytest.approx((LATITUDE, LONGITUDE))

    stripped = imaging.strip_location(original)
    assert len(stripped) == len(original)  # nothing moved
    assert imaging.read_location(stripped) is None
    assert XMP_GPS not in stripped
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(stripped)) as after:
        assert GPS_IFD not in after.tag_v2 and 700 not in after.tag_v2
        assert after.tag_v2[0x0112] == 6
        for page in range(2):
            before.seek(page)
            after.seek(page)
            assert after.tobytes() == before.tobytes()
    facts = check(stripped, "scan.tif")
    assert (facts.width, facts.height, facts.pages) == (700, 900, 2)


def test_compressed_big_tiff_loses_gps():
    buffer = io.BytesIO()
    photo((300, 200)).save(buffer, "TIFF", tiffinfo=gps_tiff_info(), big_tiff=True)
    original = buffer.getvalue()
    assert original[2:4] == b"+\x00"
    assert imaging.read_location(original) == pytest.approx((LATITUDE, LONGITUDE))
    stripped = imaging.strip_location(original)
    assert imaging.read_location(stripped) is None and XMP_GPS not in stripped
    assert pixels(stripped) == pixels(original)


def test_lzw_tiff_without_gps_is_unchanged():
    original = encoded(photo(), "TIFF", compression="tiff_lzw")
    assert imaging.strip_location(original) is original


# -- JPEG 2000 ---------------------------------------------------------------------------


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload) + 8) + kind + payload


def test_jp2_metadata_boxes_are_dropped_codestream_kept():
    plain = encoded(photo((200, 150)), "JPEG2000", irreversible=False)
    xmp_uuid = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")
    exif = camera_exif().tobytes()
    at = plain.index(b"jp2c") - 4
    original = (
        plain[:at]
        + box(b"uuid", imaging.JP2_EXIF_UUID + exif)
        + box(b"uuid", xmp_uuid + XMP_GPS)
        + plain[at:]
    )
    assert imaging.read_location(original) == pytest.approx((LATITUDE, LONGITUDE))
    stripped = imaging.strip_location(original)
    assert stripped == plain  # the file as it was before the boxes were added
    assert imaging.read_location(stripped) is None
    assert pixels(stripped) == pixels(original)
    check(stripped, "scan.jp2")


# -- read_location ------------------------------------------------------------------------


def test_read_location_signs_and_forms():
    cases = [
        (((51.0, 21.0, 23.04), "N"), ((11.0, 59.0, 30.12), "E"), (LATITUDE, LONGITUDE)),
        (((33.0, 51.0, 54.0), "S"), ((151.0, 12.0, 36.0), "E"), (-33.865, 151.21)),
        (((40.0, 42.77, 0.0), "N"), ((74.0, 0.36, 0.0), "W"), (40.712833, -74.006)),
        (((48.8584,), "N"), ((2.2945,), "E"), (48.8584, 2.2945)),
    ]
    for latitude, longitude, expected in cases:
        data = encoded(photo((32, 32)), "JPEG", exif=gps_exif(latitude, longitude))
        assert imaging.read_location(data) == pytest.approx(expected, abs=1e-6)


def test_read_location_refuses_malformed_positions():
    cases = [
        (((51.0, 21.0, 23.04), "X"), ((11.0, 59.0, 30.12), "E")),  # unknown reference
        (((95.0, 0.0, 0.0), "N"), ((11.0, 59.0, 30.12), "E")),  # beyond the pole
        (((51.0, 21.0, 23.04), "N"), ((190.0, 0.0, 0.0), "E")),
        (((51.0, 21.0, 23.04, 1.0), "N"), ((11.0, 0.0, 0.0), "E")),  # four parts
    ]
    for latitude, longitude in cases:
        data = encoded(photo((32, 32)), "JPEG", exif=gps_exif(latitude, longitude))
        assert imaging.read_location(data) is None, (latitude, longitude)
    # Zero denominators (Pillow reads them as NaN) and a GPS directory without a latitude.
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD)[1] = "N"
    exif.get_ifd(GPS_IFD)[3] = "E"
    exif.get_ifd(GPS_IFD)[4] = (11.0, 0.0, 0.0)
    assert imaging.read_location(encoded(photo((32, 32)), "JPEG", exif=exif)) is None
    payload = bytearray(gps_exif().tobytes())
    rational = struct.pack(">II", 51, 1)  # the latitude's degrees as 51/1
    at = payload.index(rational)
    payload[at + 4 : at + 8] = b"\x00\x00\x00\x00"
    clean = encoded(photo((32, 32)), "JPEG")
    data = clean[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + clean[2:]
    assert imaging.read_location(data) is None
