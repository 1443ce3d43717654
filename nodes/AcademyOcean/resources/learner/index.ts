import { resourceProperties } from '../../transport/operation';
import { returnLearnersAccess, revokeLearnersAccess } from './accessChange';
import { createLoginLink } from './createLoginLink';
import { deleteLearners } from './delete';
import { getManyLearners } from './getMany';
import { getManyLearnersByScore } from './getManyByScore';
import { getManyLearnersFromCountry } from './getManyFromCountry';
import { getManyPassiveLearners } from './getManyPassive';
import { getManyRegisteredLearners } from './getManyRegistered';
import { getManyLearnersWithRepeatedLogins } from './getManyWithRepeatedLogins';

export const learnerOperations = [
	getManyLearners,
	getManyLearnersByScore,
	getManyRegisteredLearners,
	getManyLearnersFromCountry,
	getManyPassiveLearners,
	getManyLearnersWithRepeatedLogins,
	createLoginLink,
	revokeLearnersAccess,
	returnLearnersAccess,
	deleteLearners,
];

export const learnerDescription = resourceProperties('learner', learnerOperations, getManyLearners.value);
