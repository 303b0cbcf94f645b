//! Axis scales: a linear map from data to pixels with "nice" ticks (1, 2, 5 × 10ⁿ, or whole
//! minutes / hours for time axes).

use super::format::{fixed, fmt_minutes, text_w, Fmt};

/// A linear map from data `d0..d1` to pixels `p0..p1`, with its ticks.
#[derive(Debug, Clone)]
pub(crate) struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub p0: f64,
    pub p1: f64,
    pub ticks: Vec<f64>,
    pub step: f64,
    pub fmt: Fmt,
}

fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nf = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|&n| f <= n + 1e-9)
        .unwrap_or(10.0);
    nf * mag
}

fn time_step(raw: f64) -> f64 {
    if raw < 1.0 {
        return nice_step(raw);
    }
    const STEPS: [f64; 11] = [1., 2., 5., 10., 15., 30., 60., 120., 180., 360., 720.];
    STEPS
        .into_iter()
        .find(|&s| raw <= s)
        .unwrap_or_else(|| nice_step(raw / 1440.0) * 1440.0)
}

impl Scale {
    /// A scale over `lo..hi` with about `n` ticks. `extend` widens the domain to whole ticks
    /// (value axes); otherwise the domain is the data range (time axes).
    pub fn new(lo: f64, hi: f64, n: usize, fmt: Fmt, extend: bool) -> Scale {
        let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() && lo <= hi {
            (lo, hi)
        } else {
            (0.0, 1.0)
        };
        if hi - lo <= hi.abs().max(lo.abs()) * 1e-12 {
            let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            lo -= if lo == 0.0 && fmt != Fmt::Minutes {
                0.0
            } else {
                d
            };
            hi += d;
        }
        let raw = (hi - lo) / n.max(1) as f64;
        let step = if fmt == Fmt::Minutes {
            time_step(raw)
        } else {
            nice_step(raw)
        };
        if extend {
            lo = (lo / step).floor() * step;
            hi = (hi / step).ceil() * step;
        }
        let first = (lo / step - 1e-9).ceil();
        let last = (hi / step + 1e-9).floor();
        let count = (last - first).clamp(0.0, 60.0) as usize;
        let ticks = (0..=count)
            .map(|i| (first + i as f64) * step)
            .map(|t| if t.abs() < step * 1e-9 { 0.0 } else { t })
            .collect();
        Scale {
            d0: lo,
            d1: hi,
            p0: 0.0,
            p1: 1.0,
            ticks,
            step,
            fmt,
        }
    }

    pub fn with_pixels(mut self, p0: f64, p1: f64) -> Scale {
        self.p0 = p0;
        self.p1 = p1;
        self
    }

    /// Pixel of a data value.
    pub fn px(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 || !span.is_finite() {
            return self.p0;
        }
        self.p0 + (v - self.d0) / span * (self.p1 - self.p0)
    }

    /// Pixel of a data value, clamped to the scale's pixel range.
    pub fn px_clamped(&self, v: f64) -> f64 {
        let (a, b) = (self.p0.min(self.p1), self.p0.max(self.p1));
        self.px(v).clamp(a, b)
    }

    pub fn label(&self, v: f64) -> String {
        match self.fmt {
            Fmt::Minutes if self.step >= 1.0 => fmt_minutes(v),
            Fmt::Percent if self.step.abs() < 1e4 => {
                let d = (-(self.step * 100.0).log10() - 1e-9).ceil().clamp(0.0, 6.0) as usize;
                format!("{}%", fixed(v * 100.0, d))
            }
            _ => {
                let m = self.ticks.iter().fold(0f64, |a, t| a.max(t.abs()));
                let (unit, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e4, "k")]
                    .into_iter()
                    .find(|(u, _)| m >= *u)
                    .map_or((1.0, ""), |(u, s)| (if u == 1e4 { 1e3 } else { u }, s));
                if m >= 1e15 {
                    return format!("{v:.2e}");
                }
                if v == 0.0 {
                    return "0".to_owned();
                }
                let d = (-(self.step / unit).log10() - 1e-9).ceil().clamp(0.0, 6.0) as usize;
                format!("{}{suffix}", fixed(v / unit, d))
            }
        }
    }

    pub(crate) fn max_label_w(&self, size: f64) -> f64 {
        self.ticks
            .iter()
            .map(|&t| text_w(&self.label(t), size))
            .fold(0.0, f64::max)
    }
}
