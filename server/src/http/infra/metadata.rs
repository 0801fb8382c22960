//! What a photo says about itself, taken out: a citizen's photo carries in
//! its metadata where it was taken (GPS), with which phone, when, and often
//! the owner's name — none of which the reported unit may read. The image
//! itself is untouched (no re-encoding); only metadata blocks go: EXIF
//! (kept: the orientation alone, so the photo still shows upright), XMP,
//! IPTC, comments and PNG text.

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::{CHUNK_XMP, WebP};
use img_parts::{Bytes, ImageEXIF};

/// `data` of type `content_type` without its metadata; `None` when the
/// file does not parse as that type (or is a type this cannot clean).
pub fn strip(content_type: &str, data: &[u8]) -> Option<Vec<u8>> {
    let bytes = Bytes::copy_from_slice(data);
    match content_type {
        "image/jpeg" => {
            let mut jpeg = Jpeg::from_bytes(bytes).ok()?;
            let orientation = jpeg.exif().and_then(|exif| orientation(&exif));
            jpeg.segments_mut().retain(|segment| {
                let marker = segment.marker();
                // Keep JFIF (APP0), the colour profile (APP2) and Adobe's
                // colour transform (APP14); every other APPn and comments go.
                let app = (markers::APP0..=markers::APP15).contains(&marker);
                !(app && !matches!(marker, markers::APP0 | markers::APP2 | markers::APP14)
                    || marker == markers::COM)
            });
            jpeg.set_exif(orientation.map(only_orientation));
            Some(jpeg.encoder().bytes().to_vec())
        }
        "image/png" => {
            let mut png = Png::from_bytes(bytes).ok()?;
            png.chunks_mut().retain(|chunk| {
                !matches!(
                    &chunk.kind(),
                    b"eXIf" | b"tEXt" | b"iTXt" | b"zTXt" | b"tIME"
                )
            });
            Some(png.encoder().bytes().to_vec())
        }
        "image/webp" => {
            let mut webp = WebP::from_bytes(bytes).ok()?;
            let orientation = webp.exif().and_then(|exif| orientation(&exif));
            webp.remove_chunks_by_id(CHUNK_XMP);
            webp.set_exif(orientation.map(only_orientation));
            Some(webp.encoder().bytes().to_vec())
        }
        _ => None,
    }
}

/// The orientation (1–8) an EXIF block gives, if any.
fn orientation(exif: &[u8]) -> Option<u16> {
    let exif = exif::Reader::new().read_raw(exif.to_vec()).ok()?;
    let field = exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?;
    match field.value.get_uint(0)? {
        v @ 1..=8 => u16::try_from(v).ok(),
        _ => None,
    }
}

/// An EXIF block (TIFF, little-endian) with one entry: the orientation.
fn only_orientation(orientation: u16) -> Bytes {
    let mut tiff = Vec::with_capacity(26);
    tiff.extend_from_slice(b"II*\0"); // little-endian TIFF
    tiff.extend_from_slice(&8u32.to_le_bytes()); // the first IFD follows
    tiff.extend_from_slice(&1u16.to_le_bytes()); // one entry:
    tiff.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation,
    tiff.extend_from_slice(&3u16.to_le_bytes()); // SHORT,
    tiff.extend_from_slice(&1u32.to_le_bytes()); // one value,
    tiff.extend_from_slice(&orientation.to_le_bytes()); // this one,
    tiff.extend_from_slice(&[0, 0]); // padded to four bytes;
    tiff.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    Bytes::from(tiff)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny baseline JPEG (1×1 px) with an EXIF block holding a GPS
    /// position, an owner's name and the orientation 6, and a comment.
    fn tagged_jpeg() -> Vec<u8> {
        let plain = include_bytes!("../../../tests/data/pixel.jpg");
        let mut jpeg = Jpeg::from_bytes(Bytes::from_static(plain)).unwrap();
        let exif = exif_with(&[
            (0x0112, 3, 6u32.to_le_bytes().to_vec()),
            (0x013b, 2, b"Wang Wu\0".to_vec()),
        ]);
        jpeg.set_exif(Some(exif));
        let comment = img_parts::jpeg::JpegSegment::new_with_contents(
            markers::COM,
            Bytes::from_static(b"shot at 31.82N 117.22E"),
        );
        jpeg.segments_mut().insert(1, comment);
        jpeg.encoder().bytes().to_vec()
    }

    /// A little-endian EXIF block with the given (tag, type, value) entries;
    /// values over four bytes go after the IFD.
    fn exif_with(entries: &[(u16, u16, Vec<u8>)]) -> Bytes {
        let mut tiff = b"II*\0".to_vec();
        tiff.extend_from_slice(&8u32.to_le_bytes());
        tiff.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        let mut extra_at = 8 + 2 + 12 * entries.len() as u32 + 4;
        let mut extra = Vec::new();
        for (tag, kind, value) in entries {
            tiff.extend_from_slice(&tag.to_le_bytes());
            tiff.extend_from_slice(&kind.to_le_bytes());
            let count = if *kind == 3 { 1 } else { value.len() as u32 };
            tiff.extend_from_slice(&count.to_le_bytes());
            if value.len() <= 4 {
                let mut v = value.clone();
                v.resize(4, 0);
                tiff.extend_from_slice(&v);
            } else {
                tiff.extend_from_slice(&extra_at.to_le_bytes());
                extra.extend_from_slice(value);
                extra_at += value.len() as u32;
            }
        }
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(&extra);
        Bytes::from(tiff)
    }

    #[test]
    fn a_jpeg_keeps_its_picture_and_orientation_only() {
        let tagged = tagged_jpeg();
        assert!(tagged.windows(7).any(|w| w == b"Wang Wu"));
        let clean = strip("image/jpeg", &tagged).unwrap();
        assert!(
            !clean.windows(7).any(|w| w == b"Wang Wu"),
            "the owner is gone"
        );
        assert!(
            !clean.windows(6).any(|w| w == b"31.82N"),
            "the comment is gone"
        );
        let jpeg = Jpeg::from_bytes(Bytes::from(clean.clone())).unwrap();
        assert_eq!(orientation(&jpeg.exif().unwrap()), Some(6));
        assert_eq!(jpeg.dimensions(), Some((1, 1)));
        // The picture's own data is what it was.
        let scan = |j: &Jpeg| {
            j.segments()
                .iter()
                .filter(|s| s.marker() == markers::SOS)
                .map(|s| s.clone().encoder().bytes().to_vec())
                .collect::<Vec<_>>()
        };
        let before = Jpeg::from_bytes(Bytes::from(tagged)).unwrap();
        assert_eq!(scan(&before), scan(&jpeg));
    }

    #[test]
    fn what_does_not_parse_is_refused() {
        assert_eq!(strip("image/jpeg", b"not a jpeg"), None);
        assert_eq!(strip("application/pdf", b"%PDF-1.7"), None);
    }
}
