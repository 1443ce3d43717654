// The browser suite's verdict on console errors (test/ui/consoleErrors.ts), checked without a browser.
import { attribute, errorKey } from './consoleErrors.ts';

const VUE = 'http://127.0.0.1:5678/assets/vue.runtime.esm-bundler-CwpLTgbL.js';
const injectNdv = (step: string) => ({
	text: 'Error: injectNDVStore() was accessed without an active workflow document store.\n    at ir.fn (http://127.0.0.1:5678/assets/workflows.store-1K8xwhMX.js:27:112984)',
	url: VUE,
	step,
});

describe('which console errors count against the package', () => {
	test('an error n8n also logged in the control tab is n8n\'s own, whatever step it came from', () => {
		const { caused, n8nOwn } = attribute([injectNdv('every example workflow opens'), injectNdv('trigger')], [injectNdv('control')]);
		expect(caused).toEqual([]);
		expect(n8nOwn).toHaveLength(2);
	});

	test('with no control (or a control that logged nothing) every error counts', () => {
		expect(attribute([injectNdv('examples')], []).caused).toHaveLength(1);
	});

	test('the same message from another script, or a failed load of another resource, counts', () => {
		const control = [{ text: 'Failed to load resource: the server responded with a status of 404 (Not Found)', url: 'http://127.0.0.1:5678/rest/x', step: 'control' }];
		const schema404 = { ...control[0], url: 'http://127.0.0.1:5678/schemas/n8n-nodes-learning-platforms.academyOcean/2.0.0/course/getCompletions.json', step: 'a' };
		const other404 = { ...control[0], url: 'http://127.0.0.1:5678/rest/y', step: 'b' };
		expect(attribute([schema404, other404], control).caused).toEqual([schema404, other404]);
	});

	test('an error that names the package counts even when the control logged the same line', () => {
		const named = { text: 'TypeError: cannot read options of n8n-nodes-learning-platforms.learningPlatformTrigger', url: VUE, step: 'trigger' };
		expect(attribute([named], [{ ...named, step: 'control' }]).caused).toEqual([named]);
	});

	test('the key ignores stack frames and query strings, keeps the message and the script', () => {
		expect(errorKey({ text: 'Error: x\n    at a (b.js:1:2)', url: 'http://h/assets/a.js?v=1' })).toBe('Error: x @ http://h/assets/a.js');
	});
});
