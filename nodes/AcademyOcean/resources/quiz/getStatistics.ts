import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { LearnerListsField } from '../../transport/learnerLists';
import { learnerLists, learnerListsField, recordsByEmail } from '../../transport/learnerLists';
import type { AcademyOceanOperation } from '../../transport/operation';

const lookups: LearnerListsField = {
	name: 'lookups',
	entryName: 'lookup',
	displayName: 'Learners',
	listName: 'quizIds',
	listDisplayName: 'Quiz IDs',
	listDescription: 'Quizzes to report on (from the quiz settings)',
};

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
			return { records: recordsByEmail(learnerLists(this, lookups)) };
		},
	},
	fields: [learnerListsField(lookups)],
};
