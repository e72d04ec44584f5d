// Copies the pinned npm browser assets into cleanprod/static/vendor/ (git-ignored).
// Nothing is fetched from a CDN at run time: government intranets have no internet.
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";

const root = dirname(dirname(new URL(import.meta.url).pathname));
const out = join(root, "cleanprod", "static", "vendor");
const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
  "bootstrap/dist/css/bootstrap.min.css.map": "bootstrap/bootstrap.min.css.map",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
  "bootstrap/dist/js/bootstrap.bundle.min.js.map": "bootstrap/bootstrap.bundle.min.js.map",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "echarts/dist/echarts.min.js": "echarts/echarts.min.js",
};

rmSync(out, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  const src = join(root, "node_modules", from);
  if (!existsSync(src)) {
    console.error(`missing ${src}: run npm ci first`);
    process.exit(1);
  }
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(src, join(out, to));
}
console.log(`assets: ${Object.keys(files).length} files -> ${out}`);
