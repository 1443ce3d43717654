import { resourceProperties } from '../../transport/operation';
import { checkInvites } from './check';
import { createInvites } from './create';
import { deleteInvites } from './delete';

export const inviteOperations = [createInvites, checkInvites, deleteInvites];

export const inviteDescription = resourceProperties('invite', inviteOperations, createInvites.value);
