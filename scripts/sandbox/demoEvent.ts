// Sends one signed demo event to the running `npm start` sandbox:
//   node scripts/sandbox/demoEvent.ts academyocean|canvas [--tampered]
// AcademyOcean: course.finished with an HMAC `Signature` header; Canvas: course_completed as an RS256 JWT.
import { persistentCanvasKey } from './canvasKey.ts';
import { academyOceanCourseFinished, canvasCourseCompleted } from './demoEvents.ts';
import { academyOceanSignature, canvasJwt } from './signing.ts';
import { canvasKeyFile, loadState } from './state.ts';

const SOURCES = ['academyocean', 'canvas'];

async function main(): Promise<number> {
	const source = (process.argv[2] ?? '').toLowerCase();
	const tampered = process.argv.includes('--tampered');
	if (!SOURCES.includes(source)) {
		process.stderr.write(`usage: demo event <${SOURCES.join('|')}> [--tampered]\n`);
		return 2;
	}
	const state = loadState();
	if (!state?.record || !state.n8nUrl) {
		process.stderr.write('No sandbox found: start it first with `npm start`.\n');
		return 1;
	}
	const workflow = state.record.workflows.find((entry) => entry.file.startsWith(source === 'canvas' ? 'canvas-' : 'academyocean-course'));
	const url = workflow?.webhooks[0]?.url;
	if (!url) {
		process.stderr.write(`The sandbox has no ${source} example workflow.\n`);
		return 1;
	}
	let body: string;
	const headers: Record<string, string> = {};
	if (source === 'academyocean') {
		const event = academyOceanCourseFinished();
		body = JSON.stringify(event);
		headers['content-type'] = 'application/json';
		headers.signature = academyOceanSignature(body, state.secrets.academyOceanWebhookSecret);
		// Tampered: still valid JSON (n8n refuses broken JSON itself), another learner, the old signature.
		if (tampered) body = JSON.stringify({ ...event, learner: { email: 'mallory@example.com' } });
	} else {
		body = canvasJwt(canvasCourseCompleted(), persistentCanvasKey(canvasKeyFile()));
		// Tampered: one character of the signature changed.
		if (tampered) body = body.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
	}
	process.stdout.write(`POST ${url}${tampered ? ' (tampered)' : ''}\n`);
	try {
		const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
		process.stdout.write(`-> ${response.status} ${await response.text()}\n`);
		if (response.ok) process.stdout.write(`See the execution in the editor: ${state.n8nUrl}/workflow/${workflow.id}/executions\n`);
		return response.ok || tampered ? 0 : 1;
	} catch (error) {
		process.stderr.write(`Could not reach the sandbox (${(error as Error).message}): is \`npm start\` running?\n`);
		return 1;
	}
}

process.exitCode = await main();
