import type { OptionReader } from '../options.ts';
import type { AcademyState } from '../state.ts';

/** What an action gets: the academy, its parsed options, and the fake's clock. */
export interface ActionContext {
	state: AcademyState;
	options: OptionReader;
	now: () => Date;
}

/** An action returns the JSON body of a 200 answer or throws an ApiFailure. */
export type ActionHandler = (context: ActionContext) => unknown;

/** Write actions whose output the reference does not document answer like deleteLearnerInvite. */
export const DONE = ['done'];
