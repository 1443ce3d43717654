// Which browser-console errors the package causes. n8n 2.41.1's editor logs some errors of its own
// whatever the workflow holds (e.g. "injectNDVStore() was accessed without an active workflow document
// store", logged from its workflows store as a saved workflow opens). They are told apart by a control:
// a separate tab that walks the same screens with a workflow made only of n8n's own nodes. An error is
// n8n's own when the control logged the same message from the same script or resource; everything else,
// and anything that names the package, counts against the package.

export interface ConsoleError {
	text: string;
	/** Where the console says the message comes from: the script, or the resource that failed to load. */
	url: string;
	step: string;
}

/** What the package is called anywhere an error could name it (node types, display names, the npm name). */
const PACKAGE_MARKS = /learning[- ]?platform|academy[- ]?ocean|thought[- ]?industries/i;

/** The message's first line (stack frames carry per-build positions) and the script or resource it came from. */
export function errorKey(error: Pick<ConsoleError, 'text' | 'url'>): string {
	const firstLine = error.text.split('\n')[0].trim();
	// Asset names carry a content hash; the same script in two tabs has the same one, so keep it whole.
	return `${firstLine} @ ${error.url.replace(/[?#].*$/, '')}`;
}

export function namesThePackage(error: Pick<ConsoleError, 'text' | 'url'>): boolean {
	return PACKAGE_MARKS.test(error.text) || PACKAGE_MARKS.test(error.url);
}

export interface Attribution {
	/** Errors the package is held responsible for: the test fails on any. */
	caused: ConsoleError[];
	/** Errors n8n's editor also logged in the control, never naming the package. */
	n8nOwn: ConsoleError[];
}

export function attribute(errors: ConsoleError[], control: ConsoleError[]): Attribution {
	const controlKeys = new Set(control.map(errorKey));
	const caused: ConsoleError[] = [];
	const n8nOwn: ConsoleError[] = [];
	for (const error of errors) {
		if (!namesThePackage(error) && controlKeys.has(errorKey(error))) n8nOwn.push(error);
		else caused.push(error);
	}
	return { caused, n8nOwn };
}
