import { resourceProperties } from '../../transport/operation';
import { getVariables } from './get';
import { setVariables } from './set';

export const variableOperations = [setVariables, getVariables];

export const variableDescription = resourceProperties('variable', variableOperations, setVariables.value);
