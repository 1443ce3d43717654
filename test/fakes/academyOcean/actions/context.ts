import type { AcademyOceanLeniencies } from '../leniencies.ts';
import type { OptionReader } from '../options.ts';
import type { AcademyState } from '../state.ts';

/** What an action gets: the academy, its parsed options, and the fake's clock. */
export interface ActionContext {
	state: AcademyState;
	options: OptionReader;
	now: () => Date;
	/** What the reference leaves open that the test allowed (leniencies.ts). */
	leniencies: AcademyOceanLeniencies;
}

/** An action returns the JSON body of a 200 answer or throws an ApiFailure. */
export type ActionHandler = (context: ActionContext) => unknown;

/** deleteLearnerInvite's answer, the only `["done"]` the reference shows. */
export const DONE = ['done'];

/**
 * The answer of a write action whose output the reference does not show: an empty 200 body
 * (undefined), or `["done"]` with the doneForUndocumentedWrites leniency.
 */
export function undocumentedWriteAnswer({ leniencies }: ActionContext): string[] | undefined {
	return leniencies.doneForUndocumentedWrites ? DONE : undefined;
}
