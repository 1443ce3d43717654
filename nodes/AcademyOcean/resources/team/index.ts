import { resourceProperties } from '../../transport/operation';
import { addLearnersToTeams } from './addLearners';
import { getManyTeams } from './getMany';
import { removeLearnersFromTeams } from './removeLearners';

export const teamOperations = [getManyTeams, addLearnersToTeams, removeLearnersFromTeams];

export const teamDescription = resourceProperties('team', teamOperations, getManyTeams.value);
