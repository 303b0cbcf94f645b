// Where the wasm-bindgen bindings live, relative to the widget's files. In www/ they are in
// ./pkg/; scripts/build.sh writes a pkg/widget/paths.js pointing at ../ for the npm package.
export const BINDINGS = new URL('./pkg/livelens.js', import.meta.url).href;
