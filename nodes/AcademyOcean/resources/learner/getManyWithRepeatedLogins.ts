import type { AcademyOceanOperation } from '../../transport/operation';

export const getManyLearnersWithRepeatedLogins: AcademyOceanOperation = {
	value: 'getAllWithRepeatedLogins',
	name: 'Get Many With Repeated Logins',
	action: 'Get many learners with repeated logins',
	description: 'List the learners who logged in to the academy more than once',
	definition: { action: 'learnersRepeatedLogIns', output: { kind: 'list' } },
};
