//! The vector width a kernel runs in: natively on x86_64 the widest the CPU has, AVX-512F or
//! AVX2, detected at run time; else the build's own target features (SSE2 natively, `simd128`
//! in the wasm). The kernels that use it (user-kNN's search, the silhouettes) are the same
//! source compiled once per width, each lane doing the same float operations in the same
//! order, and Rust never fuses a multiply with an add (no FMA unless it is written), so every
//! width gives the baseline's bits (each kernel's tests compare them). `is_x86_feature_detected!`
//! reads a cached flag, so the width may be asked per call.

/// The vector widths the kernels are compiled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) enum Width {
    /// The build's own target features.
    Base,
    /// x86_64 with AVX2 (256-bit vectors).
    Avx2,
    /// x86_64 with AVX-512F (512-bit vectors).
    Avx512,
}

impl Width {
    /// Every width, narrowest first.
    #[cfg(test)]
    pub(crate) const ALL: [Width; 3] = [Width::Base, Width::Avx2, Width::Avx512];
}

/// The widest vectors this CPU runs.
pub(crate) fn widest() -> Width {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512f") {
            return Width::Avx512;
        }
        if std::is_x86_feature_detected!("avx2") {
            return Width::Avx2;
        }
    }
    Width::Base
}

/// Whether this CPU runs `w`.
#[cfg(test)]
pub(crate) fn runs(w: Width) -> bool {
    matches!(
        (w, widest()),
        (Width::Base, _) | (_, Width::Avx512) | (Width::Avx2, Width::Avx2)
    )
}
