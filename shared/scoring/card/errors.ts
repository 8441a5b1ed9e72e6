// The model card's errors: a card that is malformed, and a model that does not match its card.
import { RolloutError } from '../../errors.js';

/** The card is malformed or contradicts itself. */
export class ModelCardError extends RolloutError {
  constructor(field: string, message: string, source?: string) {
    super('InvalidModelCard', `model card${source ? ` ${source}` : ''}: '${field}' ${message}`, {
      resource: source ?? field,
      remediation: 'fix the card; the schema is in docs/model-card.md',
    });
    this.name = 'ModelCardError';
  }
}

/** The model does not match its card (input name, shape, outputs). */
export class ModelCardMismatchError extends RolloutError {
  constructor(message: string, resource?: string) {
    super('ModelCardMismatch', message, {
      ...(resource === undefined ? {} : { resource }),
      remediation: 'make the card describe the model: input name/shape/dtype and output names/positions',
    });
    this.name = 'ModelCardMismatchError';
  }
}
