import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listRecords } from './listRequest';

/** Every team of the academy, for the fields that take several teams at once. */
export async function getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const teams = await listRecords(this, 'getTeams');
	return teams
		.map((team) => ({ name: String(team.name ?? team.id), value: String(team.id ?? ''), description: `ID ${String(team.id ?? '')}` }))
		.filter((team) => team.value !== '')
		.sort((left, right) => left.name.localeCompare(right.name));
}
