/** APPROVAL_POLICY as a predicate over intents: always, above a rupee value (at the limit or last price), never. */
import type { Config } from '../config/types';
import type { OrderIntent } from '../core/order';

export function approvalPredicate(approval: Config['approval'], lastPrice: (symbol: string) => number | undefined): (intent: OrderIntent) => boolean {
  switch (approval.policy) {
    case 'always':
      return () => true;
    case 'never':
      return () => false;
    case 'above_value':
      return (intent) => {
        const price = intent.price ?? lastPrice(intent.symbol);
        // Without a price the value is unknown: ask a person rather than guess.
        return price === undefined || intent.quantity * price > approval.minValue;
      };
  }
}
