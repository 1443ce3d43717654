import { invalid } from '../errors.ts';
import { activeLearners } from '../lookup.ts';
import type { OptionReader } from '../options.ts';
import type { LearnerRecord } from '../state.ts';
import { learnerView, membership } from '../views.ts';
import type { ActionHandler } from './context.ts';

type Compare = (left: number, right: number) => boolean;

const OPERATORS: Record<string, Compare> = {
	'=': (left, right) => left === right,
	'>': (left, right) => left > right,
	'<': (left, right) => left < right,
	'>=': (left, right) => left >= right,
	'<=': (left, right) => left <= right,
	'<>': (left, right) => left !== right,
};

/** The `operator` option; '=' when absent (the reference: "the operator '=' is automatically used"). */
function operatorOf(options: OptionReader): Compare {
	const operator = options.text('operator') ?? '=';
	const compare = OPERATORS[operator];
	if (!compare) throw invalid(`Operator must be one of ${Object.keys(OPERATORS).join(', ')}`);
	return compare;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/;

/** A `Y-m-d` or `Y-m-d H:i:s` filter value in UTC: its instant and whether it named a time. */
function filterDate(value: string, label: string): { time: number; hasTime: boolean } {
	const match = DATE.exec(value);
	if (!match) throw invalid(`${label} must be a date like 2017-09-24 or 2017-09-24 00:00:00`);
	const [, year, month, day, hour = '00', minute = '00', second = '00'] = match;
	const time = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
	const date = new Date(time);
	if (date.getUTCMonth() !== +month - 1 || date.getUTCDate() !== +day || +hour > 23 || +minute > 59 || +second > 59) {
		throw invalid(`${label} is not a real date: ${value}`);
	}
	return { time, hasTime: match[4] !== undefined };
}

const startOfDay = (time: number) => time - (((time % 86_400_000) + 86_400_000) % 86_400_000);

export const learnerActions: Record<string, ActionHandler> = {
	learners({ state, options }) {
		const email = options.text('email')?.toLowerCase();
		return activeLearners(state)
			.filter((learner) => email === undefined || learner.email.toLowerCase() === email)
			.map((learner) => ({ ...learnerView(learner), ...membership(state, learner, options) }));
	},

	learnersWithScore({ state, options }) {
		const score = options.integer('score', 'Score', { min: 0, max: 100 });
		if (score === undefined) throw invalid('Score is required');
		const compare = operatorOf(options);
		return activeLearners(state)
			.filter((learner) => compare(learner.score, score))
			.map(learnerView);
	},

	/**
	 * `dates` (two bounds, inclusive, the first earlier) wins over `date` + `operator`. A `date`
	 * without a time compares calendar days (`=` means "registered that day"); with a time, instants.
	 */
	learnersRegisteredAt({ state, options }) {
		let matches: (learner: LearnerRecord) => boolean;
		if (options.has('dates')) {
			const dates = options.texts('dates', 'Dates', true);
			if (dates.length !== 2) throw invalid('Dates must contain exactly two dates');
			const [from, to] = dates.map((value) => filterDate(value, 'Dates').time);
			if (from >= to) throw invalid('First date must be less than second');
			matches = (learner) => {
				const registered = Date.parse(learner.registered_at);
				return registered >= from && registered <= to;
			};
		} else {
			const { time, hasTime } = filterDate(options.required('date', 'Date'), 'Date');
			const compare = operatorOf(options);
			matches = (learner) => {
				const registered = Date.parse(learner.registered_at);
				return compare(hasTime ? registered : startOfDay(registered), time);
			};
		}
		return activeLearners(state).filter(matches).map(learnerView);
	},

	passiveLearners: ({ state }) =>
		activeLearners(state)
			.filter((learner) => learner.lessons_opened === 0)
			.map((learner) => ({
				registered_at: learner.registered_at,
				name: learner.name,
				email: learner.email,
				company: learner.company,
			})),

	learnersRepeatedLogIns: ({ state }) =>
		activeLearners(state)
			.filter((learner) => learner.log_ins_amount > 1)
			.map((learner) => ({ ...learnerView(learner), log_ins_amount: learner.log_ins_amount })),
};
