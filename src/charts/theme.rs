//! Look of a chart: the [`ChartStyle`] callers pass in (scale, theme, font) and the colours of
//! the light and dark [`Theme`]s, including the heatmap ramps and Viridis.

use plotters::style::RGBColor;

/// How to draw: `scale` is the device pixel ratio (multiplies font sizes, line widths and
/// margins), `dark` selects the dark theme, `font_family` is a CSS family name.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    pub scale: f64,
    pub dark: bool,
    pub font_family: String,
    /// Draw dense grids (heatmaps) as one bitmap through `DrawingBackend::blit_bitmap`. Only
    /// worth it when the backend implements blitting natively (the bitmap backend does; the
    /// SVG backend and plotters-canvas fall back to one rectangle per pixel). When false,
    /// grids are blitted only when cells are smaller than about 2×2 pixels.
    pub blit: bool,
    /// Natively: rasterise text with our own ab_glyph renderer (set by [`super::native`]).
    pub(crate) raster_text: bool,
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle {
            scale: 1.0,
            dark: false,
            font_family: "sans-serif".to_owned(),
            blit: false,
            raster_text: false,
        }
    }
}

impl ChartStyle {
    /// Scale clamped to a sane range (NaN → 1).
    pub(crate) fn clamped_scale(&self) -> f64 {
        if self.scale.is_finite() {
            self.scale.clamp(0.25, 8.0)
        } else {
            1.0
        }
    }
}

/// Colours of one theme.
pub(crate) struct Theme {
    pub bg: RGBColor,
    pub fg: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    pub missing: RGBColor,
    pub palette: [RGBColor; 8],
    /// Sequential ramp for heatmaps, low → high.
    pub ramp: &'static [(u8, u8, u8)],
}

const RAMP_LIGHT: &[(u8, u8, u8)] = &[
    (0xef, 0xf5, 0xfb),
    (0xc6, 0xdb, 0xef),
    (0x9e, 0xca, 0xe1),
    (0x6b, 0xae, 0xd6),
    (0x42, 0x92, 0xc6),
    (0x21, 0x71, 0xb5),
    (0x08, 0x51, 0x9c),
    (0x08, 0x30, 0x6b),
];
const RAMP_DARK: &[(u8, u8, u8)] = &[
    (0x1a, 0x26, 0x33),
    (0x1d, 0x3f, 0x66),
    (0x1f, 0x5a, 0x96),
    (0x2f, 0x7b, 0xc4),
    (0x55, 0x9f, 0xe0),
    (0x8e, 0xc3, 0xf0),
    (0xcf, 0xe6, 0xfa),
];
/// Viridis (colour-blind friendly, perceptually uniform) for continuous scatter colouring.
pub(crate) const VIRIDIS: &[(u8, u8, u8)] = &[
    (0x44, 0x01, 0x54),
    (0x47, 0x2c, 0x7a),
    (0x3b, 0x51, 0x8b),
    (0x2c, 0x71, 0x8e),
    (0x21, 0x90, 0x8d),
    (0x27, 0xad, 0x81),
    (0x5c, 0xc8, 0x63),
    (0xaa, 0xdc, 0x32),
    (0xfd, 0xe7, 0x25),
];

impl Theme {
    pub fn new(dark: bool) -> Theme {
        let c = |h: u32| RGBColor((h >> 16) as u8, (h >> 8) as u8, h as u8);
        if dark {
            Theme {
                bg: c(0x161b22),
                fg: c(0xe6edf3),
                muted: c(0x9da7b3),
                grid: c(0x2a313a),
                axis: c(0x6e7681),
                missing: c(0x21262d),
                // Okabe–Ito hues, lightened for a dark background.
                palette: [
                    c(0x4ea3e6),
                    c(0xf0a92e),
                    c(0x2cc193),
                    c(0xf07a3a),
                    c(0x8fd0f5),
                    c(0xe08fc0),
                    c(0xb8bec6),
                    c(0xf0e442),
                ],
                ramp: RAMP_DARK,
            }
        } else {
            Theme {
                bg: c(0xffffff),
                fg: c(0x1f2328),
                muted: c(0x59636e),
                grid: c(0xe8ebef),
                axis: c(0x8c959f),
                missing: c(0xf3f4f6),
                // Okabe–Ito: distinguishable with the common colour-vision deficiencies.
                palette: [
                    c(0x0072b2),
                    c(0xe69f00),
                    c(0x009e73),
                    c(0xd55e00),
                    c(0x56b4e9),
                    c(0xcc79a7),
                    c(0x6e7781),
                    c(0xd4c21a),
                ],
                ramp: RAMP_LIGHT,
            }
        }
    }

    pub fn color(&self, i: usize) -> RGBColor {
        self.palette[i % self.palette.len()]
    }
}

/// Linear interpolation in a list of colour stops, `t` in [0, 1].
pub(crate) fn ramp_color(stops: &[(u8, u8, u8)], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let n = stops.len().saturating_sub(1);
    let pos = t * n as f64;
    let i = (pos.floor() as usize).min(n.saturating_sub(1));
    let f = pos - i as f64;
    let (a, b) = (stops.get(i), stops.get(i + 1).or(stops.get(i)));
    match (a, b) {
        (Some(a), Some(b)) => {
            let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
            RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
        }
        _ => RGBColor(128, 128, 128),
    }
}

/// Relative luminance in [0, 1] (for picking text colour on a filled cell).
pub(crate) fn luminance(c: RGBColor) -> f64 {
    (0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64) / 255.0
}
