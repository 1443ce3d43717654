import { resourceProperties } from '../../transport/operation';
import { getManyAcademies } from './getMany';

export const academyOperations = [getManyAcademies];

export const academyDescription = resourceProperties('academy', academyOperations, getManyAcademies.value);
