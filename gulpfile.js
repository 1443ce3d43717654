const { src, dest, parallel } = require('gulp');

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

exports['build:assets'] = parallel(copyNodeAssets, copyCredentialAssets, copySharedIcons);
