import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

/**
 * What a node after a trigger did, standing in for the workflow's real work (a Thought Industries
 * call): each item it received, and controls to hold executions inside it or make them fail.
 */
export class Recorder {
	/** The items of executions that got through this node, in order. */
	readonly recorded: IDataObject[] = [];
	/** Executions that reached the node so far (including held and failing ones). */
	arrivals = 0;
	/** Executions that arrive fail with this message while it is set. */
	failWith?: string;
	private gate?: PromiseWithResolvers<void>;
	private waiters: Array<() => void> = [];

	/** Executions arriving from now on wait inside the node until `open()`. */
	hold(): void {
		this.gate ??= Promise.withResolvers<void>();
	}

	open(): void {
		this.gate?.resolve();
		this.gate = undefined;
	}

	/** Resolves once `count` executions have reached the node. */
	async reached(count: number): Promise<void> {
		while (this.arrivals < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
	}

	async receive(items: INodeExecutionData[], fail: (message: string) => Error): Promise<void> {
		this.arrivals++;
		for (const wake of this.waiters.splice(0)) wake();
		if (this.gate) await this.gate.promise;
		if (this.failWith) throw fail(this.failWith);
		this.recorded.push(...items.map((item) => item.json));
	}
}

/** A node type that hands its items to `recorder` and passes them on. */
export function recorderNode(recorder: Recorder): INodeType {
	return {
		description: {
			displayName: 'Recorder',
			name: 'recorder',
			group: ['transform'],
			version: 1,
			description: 'Records what it receives',
			defaults: { name: 'Recorder' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const items = this.getInputData();
			await recorder.receive(items, (message) => new NodeOperationError(this.getNode(), message));
			return [items];
		},
	};
}
