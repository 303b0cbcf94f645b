//! Native rendering to PNG, SVG and raw RGB (tests, the CLI). Text is rasterised with ab_glyph
//! from a system font found at run time, preferring a CJK-capable one so Chinese renders.

use super::draw::draw;
use super::spec::ChartSpec;
use super::theme::ChartStyle;
use crate::{Error, Result};
use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendColor, DrawingErrorKind};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Largest accepted width or height in pixels.
const MAX_SIDE: u32 = 16_384;

fn check_size(w: u32, h: u32) -> Result<()> {
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(Error::Chart(format!(
            "image size {w}×{h} must be between 1 and {MAX_SIDE} pixels per side"
        )));
    }
    Ok(())
}

/// Bitmap backends blit natively, so dense grids are one image.
fn bitmap_style(style: &ChartStyle) -> ChartStyle {
    ChartStyle {
        blit: true,
        raster_text: true,
        ..style.clone()
    }
}

/// Draws `spec` into a PNG file.
pub fn render_png(
    spec: &ChartSpec,
    width: u32,
    height: u32,
    style: &ChartStyle,
    path: &Path,
) -> Result<()> {
    check_size(width, height)?;
    ensure_font(&style.font_family)?;
    let root = BitMapBackend::new(path, (width, height)).into_drawing_area();
    draw(root, spec, &bitmap_style(style))
        .map_err(|e| Error::Io(format!("{}: {e}", path.display())))
}

/// Draws `spec` as an SVG document (text stays text; no font file needed).
pub fn render_svg(spec: &ChartSpec, width: u32, height: u32, style: &ChartStyle) -> Result<String> {
    check_size(width, height)?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        let st = ChartStyle {
            blit: false,
            raster_text: false,
            ..style.clone()
        };
        draw(root, spec, &st)?;
    }
    Ok(out)
}

/// Draws `spec` into an RGB buffer (`width * height * 3` bytes, row-major).
pub fn render_rgb(
    spec: &ChartSpec,
    width: u32,
    height: u32,
    style: &ChartStyle,
) -> Result<Vec<u8>> {
    check_size(width, height)?;
    ensure_font(&style.font_family)?;
    let mut buf = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (width, height)).into_drawing_area();
        draw(root, spec, &bitmap_style(style))?;
    }
    Ok(buf)
}

// ---------------------------------------------------------------------------------------------
// Fonts

/// Regular and bold system faces, loaded once.
struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    regular_bytes: &'static [u8],
}

fn faces() -> Result<&'static Faces> {
    static FACES: OnceLock<std::result::Result<Faces, String>> = OnceLock::new();
    FACES
        .get_or_init(load_faces)
        .as_ref()
        .map_err(|e| Error::Chart(e.clone()))
}

/// Registers the system font with plotters under `family` (once per family name), for any
/// plotters text drawn natively. The chart's own text goes through [`GlyphText`].
pub fn ensure_font(family: &str) -> Result<()> {
    static REGISTERED: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let bytes = faces()?.regular_bytes;
    let mut done = REGISTERED
        .lock()
        .map_err(|_| Error::Chart("font registry poisoned".into()))?;
    if !done.iter().any(|f| f == family) {
        plotters::style::register_font(family, FontStyle::Normal, bytes)
            .map_err(|_| Error::Chart("the system font could not be parsed".into()))?;
        done.push(family.to_owned());
    }
    Ok(())
}

const FONT_DIRS: [&str; 3] = [
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/System/Library/Fonts",
];

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() && depth < 6 {
            walk(&p, out, depth + 1);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Preference of a regular-weight font file (lower is better), `None` when unusable.
fn rank(p: &Path) -> Option<u8> {
    let name = file_name(p);
    if ![".ttf", ".otf", ".ttc"].iter().any(|e| name.ends_with(e)) {
        return None;
    }
    let n = name.as_str();
    let r = if n == "notosanscjk-regular.ttc" {
        0
    } else if (n.starts_with("notosanscjk") || n.starts_with("notosanssc")) && n.contains("regular")
    {
        1
    } else if n.starts_with("wqy") {
        2
    } else if n == "dejavusans.ttf" {
        3
    } else if n == "liberationsans-regular.ttf" {
        4
    } else if n.contains("sans") && !n.contains("bold") && !n.contains("mono") {
        5
    } else {
        6
    };
    Some(r)
}

/// plotters and ab_glyph read a collection (.ttc) at index 0; Noto Sans CJK's index 0 is the
/// Japanese cut, so point entry 0 of the header at the Simplified Chinese face (index 2).
fn prefer_sc(path: &Path, mut bytes: Vec<u8>) -> Vec<u8> {
    let n = bytes
        .get(8..12)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]));
    let noto = file_name(path).starts_with("notosanscjk");
    if noto && bytes.starts_with(b"ttcf") && n.is_some_and(|n| n >= 3) {
        if let Some(sc) = bytes.get(20..24).map(|s| s.to_vec()) {
            bytes[12..16].copy_from_slice(&sc);
        }
    }
    bytes
}

/// Reads and parses a font file, leaking it for the `'static` lifetime plotters requires.
fn read_face(p: &Path) -> Option<(FontRef<'static>, &'static [u8])> {
    let bytes = prefer_sc(p, std::fs::read(p).ok()?);
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    Some((FontRef::try_from_slice(bytes).ok()?, bytes))
}

fn bold_sibling(p: &Path) -> Option<PathBuf> {
    let name = p.file_name()?.to_str()?;
    let bold = if name.contains("Regular") {
        name.replace("Regular", "Bold")
    } else {
        let (stem, ext) = name.rsplit_once('.')?;
        format!("{stem}-Bold.{ext}")
    };
    Some(p.with_file_name(bold)).filter(|b| b.is_file())
}

fn load_faces() -> std::result::Result<Faces, String> {
    let mut files = Vec::new();
    if let Some(p) = std::env::var_os("LIVELENS_FONT") {
        files.push(PathBuf::from(p));
    } else {
        for d in FONT_DIRS {
            walk(Path::new(d), &mut files, 0);
        }
        files.retain(|p| rank(p).is_some());
        files.sort_by_key(|p| (rank(p), p.clone()));
    }
    for p in &files {
        let Some((regular, regular_bytes)) = read_face(p) else {
            continue;
        };
        let bold = bold_sibling(p)
            .and_then(|b| read_face(&b))
            .map_or_else(|| regular.clone(), |b| b.0);
        return Ok(Faces {
            regular,
            bold,
            regular_bytes,
        });
    }
    Err(
        "no usable font found under /usr/share/fonts for chart text; install one, e.g. \
         `apt-get install fonts-noto-cjk` (Chinese) or `fonts-dejavu-core`, or set LIVELENS_FONT \
         to a .ttf/.otf file"
            .to_owned(),
    )
}

// ---------------------------------------------------------------------------------------------
// Text

/// Text rasterised with ab_glyph straight onto a backend's pixels. plotters' own ab_glyph
/// text drops each glyph's left side bearing (uneven letter spacing), so bitmap output uses
/// this instead; anchors and rotations follow plotters' conventions.
pub(crate) struct GlyphText {
    pub text: String,
    pub pos: (i32, i32),
    /// plotters font size (the em is `size / 1.24` pixels).
    pub size: f64,
    pub color: RGBColor,
    pub anchor: Pos,
    /// 0, 90 (reads top to bottom) or 270 (reads bottom to top).
    pub rotation: u16,
    pub bold: bool,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a GlyphText {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.pos)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for GlyphText {
    fn draw<I: Iterator<Item = (i32, i32)>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        let (Some(origin), Ok(faces)) = (points.next(), faces()) else {
            return Ok(());
        };
        let font = if self.bold {
            &faces.bold
        } else {
            &faces.regular
        };
        let em = (self.size / 1.24) as f32;
        let upem = font.units_per_em().unwrap_or(1000.0);
        let scale = PxScale::from(em * font.height_unscaled() / upem);
        let sf = font.as_scaled(scale);
        let (mut x, mut prev) = (0f32, None);
        let mut glyphs = Vec::with_capacity(self.text.len());
        for c in self.text.chars() {
            let id = sf.glyph_id(c);
            if let Some(p) = prev {
                x += sf.kern(p, id);
            }
            glyphs.push(id.with_scale_and_position(scale, point(x, 0.0)));
            x += sf.h_advance(id);
            prev = Some(id);
        }
        let dx = match self.anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -x / 2.0,
            HPos::Right => -x,
        };
        let baseline = match self.anchor.v_pos {
            VPos::Top => 0.82 * em,
            VPos::Center => 0.36 * em,
            VPos::Bottom => -0.24 * em,
        };
        let (w, h) = backend.get_size();
        let rgb = (self.color.0, self.color.1, self.color.2);
        let mut result = Ok(());
        for g in glyphs {
            let Some(outline) = font.outline_glyph(g) else {
                continue;
            };
            let b = outline.px_bounds();
            outline.draw(|gx, gy, cov| {
                let ux = (b.min.x + gx as f32 + dx).round() as i32;
                let uy = (b.min.y + gy as f32 + baseline).round() as i32;
                let (rx, ry) = match self.rotation {
                    270 => (uy, -ux),
                    90 => (-uy, ux),
                    _ => (ux, uy),
                };
                let (px, py) = (origin.0 + rx, origin.1 + ry);
                if cov > 0.0
                    && px >= 0
                    && py >= 0
                    && (px as u32) < w
                    && (py as u32) < h
                    && result.is_ok()
                {
                    let color = BackendColor {
                        alpha: cov.min(1.0) as f64,
                        rgb,
                    };
                    result = backend.draw_pixel((px, py), color);
                }
            });
        }
        result
    }
}
