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

/// Defines `fn NAME(w: Width, ARGS) -> RET`: the kernel `KERNEL(ARGS)` compiled for the vector
/// width `w` when this CPU runs it, else the build's own copy. On x86_64 the AVX-512F and AVX2
/// copies are `#[target_feature]` functions made here, called only after the feature is
/// detected. With `lanes(BASE, AVX2, AVX512)` the kernel is called as `KERNEL::<LANES>` with
/// each width's lanes; without, the same source is just compiled wider. The lanes may also pick
/// a path of the kernel's own in one width (user-kNN's key fill: AVX-512F compressions, as a
/// `const AVX512: bool`). One place for every kernel's dispatch (user-kNN's search, the
/// silhouettes, k-means++).
macro_rules! kernel_at {
    (
        $(#[$m:meta])*
        $vis:vis fn $name:ident $(<$($g:ident: $b:path),*>)? ($($a:ident: $t:ty),* $(,)?) $(-> $r:ty)?
            => $($kernel:ident)::+ $(, lanes($base:literal, $avx2:literal, $avx512:literal))?
    ) => {
        $(#[$m])*
        $vis fn $name $(<$($g: $b),*>)? (w: $crate::simd::Width, $($a: $t),*) $(-> $r)? {
            #[cfg(target_arch = "x86_64")]
            #[allow(unsafe_code)]
            #[target_feature(enable = "avx512f")]
            unsafe fn avx512 $(<$($g: $b),*>)? ($($a: $t),*) $(-> $r)? {
                $($kernel)::+ $(::<$avx512>)? ($($a),*)
            }
            #[cfg(target_arch = "x86_64")]
            #[allow(unsafe_code)]
            #[target_feature(enable = "avx2")]
            unsafe fn avx2 $(<$($g: $b),*>)? ($($a: $t),*) $(-> $r)? {
                $($kernel)::+ $(::<$avx2>)? ($($a),*)
            }
            match w {
                #[cfg(target_arch = "x86_64")]
                $crate::simd::Width::Avx512 if std::is_x86_feature_detected!("avx512f") => {
                    // SAFETY: the CPU runs AVX-512F (checked just above).
                    #[allow(unsafe_code)]
                    unsafe {
                        avx512($($a),*)
                    }
                }
                #[cfg(target_arch = "x86_64")]
                $crate::simd::Width::Avx2 if std::is_x86_feature_detected!("avx2") => {
                    // SAFETY: the CPU runs AVX2 (checked just above).
                    #[allow(unsafe_code)]
                    unsafe {
                        avx2($($a),*)
                    }
                }
                _ => $($kernel)::+ $(::<$base>)? ($($a),*),
            }
        }
    };
}
pub(crate) use kernel_at;
