import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { emailField, textField } from '../../transport/fields';
import { learnerLocator, requiredLearnerEmail } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { requiredText } from '../../transport/parameters';
import { fromVersion2, inVersion1, labelFor } from '../../transport/versions';

export const addQuizAttempt: AcademyOceanOperation = {
	value: 'addAttempt',
	name: 'Add Attempt',
	action: 'Add a quiz attempt for a learner',
	description: 'Give a learner one more attempt at a quiz',
	definition: {
		action: 'addLearnerQuizAttempts',
		output: { kind: 'single' },
		options(this: IExecuteSingleFunctions) {
			return { quiz_id: requiredText(this, 'quizId', 'Quiz ID'), email: requiredLearnerEmail(this, 'email', labelFor(this, 'Email', 'Learner')) };
		},
	},
	fields: [
		// AcademyOcean has no action that lists quizzes, so the ID is typed (or mapped from a webhook's quiz.id).
		textField('quizId', 'Quiz ID', "From the quiz settings, field 'Api Id', or a quiz webhook's quiz.id", 'e.g. Lzq0weBKvR72E72olW4X'),
		inVersion1(emailField('email', 'Email', 'Email of the learner')),
		fromVersion2(learnerLocator({ name: 'email', displayName: 'Learner', description: 'The learner who gets one more attempt' })),
	],
};
