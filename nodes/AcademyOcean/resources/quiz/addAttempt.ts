import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { emailField, textField } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { requiredEmail, requiredText } from '../../transport/parameters';

export const addQuizAttempt: AcademyOceanOperation = {
	value: 'addAttempt',
	name: 'Add Attempt',
	action: 'Add a quiz attempt for a learner',
	description: 'Give a learner one more attempt at a quiz',
	definition: {
		action: 'addLearnerQuizAttempts',
		output: { kind: 'single' },
		options(this: IExecuteSingleFunctions) {
			return { quiz_id: requiredText(this, 'quizId', 'Quiz ID'), email: requiredEmail(this, 'email', 'Email') };
		},
	},
	fields: [textField('quizId', 'Quiz ID', 'From the quiz settings'), emailField('email', 'Email', 'Email of the learner')],
};
