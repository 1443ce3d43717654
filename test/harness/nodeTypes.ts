import { RoutingNode } from 'n8n-core';
import type {
	ICredentialType,
	IExecuteFunctions,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers, injectDomainRestrictionFields } from 'n8n-workflow';

/**
 * Node types as the n8n server registers them: a declarative node (no `execute`, has
 * `requestDefaults`) gets the `execute` the server gives it, which runs RoutingNode.
 */
export class NodeTypeRegistry implements INodeTypes {
	private readonly byName = new Map<string, INodeType | IVersionedNodeType>();

	constructor(nodeTypes: Record<string, INodeType | IVersionedNodeType>) {
		for (const [name, nodeType] of Object.entries(nodeTypes)) this.byName.set(name, nodeType);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.byName.get(nodeType);
		if (!found) throw new Error(`Unknown node type: ${nodeType}`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const versioned = NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
		if (versioned.execute || versioned.poll || versioned.trigger || versioned.webhook) return versioned;
		if (!versioned.description.requestDefaults) return versioned;
		return {
			...versioned,
			description: versioned.description,
			async execute(this: IExecuteFunctions) {
				// The server hands RoutingNode the ExecuteContext that IExecuteFunctions is the interface of.
				return await new RoutingNode(this as ConstructorParameters<typeof RoutingNode>[0], versioned).runNode();
			},
		} as INodeType;
	}

	getKnownTypes() {
		return {};
	}

	/** The registered type names (the credential tester looks for nodes that test a credential). */
	names(): string[] {
		return [...this.byName.keys()];
	}
}

export class CredentialTypeRegistry {
	private readonly byName = new Map<string, ICredentialType>();

	/**
	 * As packages/cli/src/load-nodes-and-credentials.ts does on loading, types that authenticate get
	 * n8n's "Allowed HTTP Request Domains" fields (injectDomainRestrictionFields), so their defaults
	 * reach the decrypted data and the domain checks see them.
	 */
	constructor(credentialTypes: ICredentialType[]) {
		for (const credentialType of credentialTypes) {
			credentialType.properties = injectDomainRestrictionFields(credentialType);
			this.byName.set(credentialType.name, credentialType);
		}
	}

	get(name: string): ICredentialType {
		const found = this.byName.get(name);
		if (!found) throw new Error(`Unknown credential type: ${name}`);
		return found;
	}

	/** Parent types, nearest first, as n8n's CredentialTypes.getParentTypes returns them. */
	parentsOf(name: string): string[] {
		const parents = this.get(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.parentsOf(parent)]);
	}
}
