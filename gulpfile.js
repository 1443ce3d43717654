const { rmSync } = require('node:fs');
const { src, dest, parallel } = require('gulp');

// dist/ is what npm publishes ("files" in package.json): emptied before each build, so that nothing from an
// earlier build (a deleted node, a file of another compiler setting) can ship.
function clean(done) {
	rmSync('dist', { recursive: true, force: true });
	done();
}

// tsc only emits JavaScript: n8n also needs each node's codex (.node.json) and the icons beside it.
function copyNodeAssets() {
	return src(['nodes/**/*.{svg,png,json}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyCredentialAssets() {
	return src(['credentials/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copySharedIcons() {
	return src(['icons/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:assets'] = parallel(copyNodeAssets, copyCredentialAssets, copySharedIcons);
