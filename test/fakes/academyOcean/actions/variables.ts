import type { PhpValue } from '../../phpFormParser.ts';
import { phpList } from '../../phpFormParser.ts';
import { invalid, notFound } from '../errors.ts';
import { atom, phpMap } from '../format.ts';
import { academyById, findInvite, findLearner } from '../lookup.ts';
import { OptionReader } from '../options.ts';
import type { AcademyState, VariableDefinition } from '../state.ts';
import type { ActionHandler } from './context.ts';
import { undocumentedWriteAnswer } from './context.ts';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const NUMBER_TYPE = 2;

interface Assignment {
	key: string;
	value: string;
	definition: VariableDefinition;
}

/** One `records[email][i]` entry: key (snake_case) and value required; type 0–4 and default optional. */
function assignment(state: AcademyState, entry: PhpValue, where: string): Assignment {
	if (typeof entry === 'string') throw invalid(`${where} must be a record with a key and a value`);
	const fields = new OptionReader(entry);
	const key = fields.required('key', `${where}: Key`);
	if (!SNAKE_CASE.test(key)) throw invalid(`${where}: Key must be in a snake case`);
	const value = fields.required('value', `${where}: Value`);
	const existing = state.variables[key];
	const definition = existing ?? {
		type: fields.integer('type', `${where}: Type`, { min: 0, max: 4 }, 0) as number,
		default_value: fields.text('default_value') ?? null,
	};
	if (definition.type === NUMBER_TYPE && !Number.isFinite(Number(value))) {
		throw invalid(`${where}: Value of ${key} must be a number`);
	}
	return { key, value, definition };
}

/** A stored value as getLearnerVariable answers it: Number variables as numbers. */
function shown(value: string | null, definition: VariableDefinition | undefined): string | number | null {
	return value !== null && definition?.type === NUMBER_TYPE ? Number(value) : value;
}

export const variableActions: Record<string, ActionHandler> = {
	/**
	 * Sets lesson variables per learner, creating unknown variables (with type and default value).
	 * An email that is not a learner fails the call, unless is_invite_learner_if_not_found: then it
	 * gets an invite that carries the values until the invitee signs up. Everything is validated first.
	 */
	setLessonVariables(context) {
		const { state, options, now } = context;
		academyById(state, options.required('academy_id', 'Academy id'));
		const inviteUnknown = options.flag('is_invite_learner_if_not_found');
		const plan = options.byEmail('records', 'Records').map(([email, entries]) => {
			const list = phpList(entries);
			if (!list.length) throw invalid(`Records for ${email} are empty`);
			const holder = findLearner(state, email) ?? findInvite(state, email);
			if (!holder && !inviteUnknown) throw notFound(`Learner ${email} not found`);
			return { email, holder, assignments: list.map((entry, index) => assignment(state, entry, `Records ${email} ${index}`)) };
		});
		for (const { email, holder, assignments } of plan) {
			let target = holder;
			if (!target) {
				target = { email, name: email.split('@')[0], type: 'learner', teams: [], created_at: atom(now()), email_sent: false, used_at: null, variables: {} };
				state.invites.push(target);
			}
			for (const { key, value, definition } of assignments) {
				state.variables[key] ??= definition;
				target.variables[key] = value;
			}
		}
		return undocumentedWriteAnswer(context);
	},

	/**
	 * `records[email][]` names → `{ email: { name: value } }`. A defined variable the learner has no
	 * value for answers its default value; unknown names are left out; an unknown learner gets `[]`.
	 */
	getLearnerVariable({ state, options }) {
		const result: Record<string, unknown> = {};
		for (const [email, names] of options.byEmail('records', 'Records')) {
			const learner = findLearner(state, email);
			const values: Record<string, string | number | null> = {};
			for (const name of phpList(names)) {
				if (typeof name !== 'string') throw invalid(`Records for ${email} must be a list of variable names`);
				const definition = state.variables[name];
				if (!learner || (!definition && !(name in learner.variables))) continue;
				values[name] = shown(learner.variables[name] ?? definition?.default_value ?? null, definition);
			}
			result[email] = phpMap(values);
		}
		return result;
	},
};
