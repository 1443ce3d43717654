import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidField } from '../../transport/errors';
import type { AcademyOceanOperation } from '../../transport/operation';
import { checkedEmails, collectionEntries, textList } from '../../transport/parameters';

interface StatisticsEntry {
	email?: string;
	quizIds?: string | string[];
}

/** `{ quizId: stats }` becomes a list, which is easier to loop over in a workflow. */
function quizzesOf(value: unknown): IDataObject {
	const byQuiz = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, IDataObject>) : {};
	return { quizzes: Object.entries(byQuiz).map(([quizId, statistics]) => ({ quizId, ...statistics })) };
}

export const getQuizStatistics: AcademyOceanOperation = {
	value: 'getStatistics',
	name: 'Get Statistics',
	action: 'Get quiz statistics for learners',
	description: 'Score, pass state, time and answers of quizzes for one or more learners',
	definition: {
		action: 'getLearnersQuizStatistic',
		output: { kind: 'byEmail', fields: quizzesOf },
		options(this: IExecuteSingleFunctions) {
			const entries = collectionEntries<StatisticsEntry>(this, 'lookups', 'lookup');
			if (!entries.length) throw invalidField(this, '"Learners" needs at least one learner');
			const records: Record<string, string[]> = {};
			entries.forEach((entry, index) => {
				const label = `"Learners" entry ${index + 1}`;
				const [email] = checkedEmails(this, [String(entry.email ?? '').trim()], `${label} "Email"`);
				const quizIds = textList(entry.quizIds);
				if (!quizIds.length) throw invalidField(this, `${label}: "Quiz IDs" needs at least one quiz`);
				records[email] = [...(records[email] ?? []), ...quizIds];
			});
			return { records };
		},
	},
	fields: [
		{
			displayName: 'Learners',
			name: 'lookups',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Learner',
			options: [
				{
					displayName: 'Learner',
					name: 'lookup',
					values: [
						{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
						{ displayName: 'Quiz IDs', name: 'quizIds', type: 'string', default: '', description: 'Quizzes to report on, separated by commas (from the quiz settings)' },
					],
				},
			],
		},
	],
};
