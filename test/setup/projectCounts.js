// A jest reporter: after a run, the number of tests in each project (jest.config.js), so that the
// product's count is not mixed with the tests of the fakes and the harness.
class ProjectCounts {
	onRunComplete(_contexts, results) {
		const byProject = new Map();
		for (const file of results.testResults) {
			const name = file.displayName?.name ?? file.displayName ?? 'default';
			const counts = byProject.get(name) ?? { files: 0, passed: 0, failed: 0, skipped: 0 };
			counts.files += 1;
			counts.passed += file.numPassingTests;
			counts.failed += file.numFailingTests;
			counts.skipped += file.numPendingTests + file.numTodoTests;
			byProject.set(name, counts);
		}
		const lines = [...byProject].map(
			([name, counts]) => `  ${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${counts.files} files)`,
		);
		process.stdout.write(`\nTests by project:\n${lines.join('\n')}\n`);
	}
}

module.exports = ProjectCounts;
