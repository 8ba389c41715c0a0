// Submitting signed transactions and reading their outcome, with dispatch errors decoded
// from the chain's metadata into `section.Name: docs` messages.

/** A dispatch error as `pallet.Error: documentation`. */
export function describeDispatchError (api, dispatchError) {
  if (dispatchError.isModule) {
    const meta = api.registry.findMetaError(dispatchError.asModule);
    return `${meta.section}.${meta.name}: ${meta.docs.join(' ').trim()}`;
  }
  return dispatchError.toString();
}

/** Error thrown when an extrinsic is included but fails; `.pallet` and `.error` name it. */
export class DispatchFailed extends Error {
  constructor (api, dispatchError) {
    super(describeDispatchError(api, dispatchError));
    if (dispatchError.isModule) {
      const meta = api.registry.findMetaError(dispatchError.asModule);
      this.pallet = meta.section;
      this.error = meta.name;
    }
  }
}

/**
 * Sign and send `tx`, resolve when it is in a block with `{ blockHash, events }` (the
 * extrinsic's own events), reject with `DispatchFailed` if it failed.
 */
export function signAndWait (api, tx, signer) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        unsubscribe();
        reject(new DispatchFailed(api, dispatchError));
      } else if (status.isInBlock) {
        unsubscribe();
        resolve({ blockHash: status.asInBlock.toHex(), events: events.map((r) => r.event) });
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        unsubscribe();
        reject(new Error(`transaction ${status.type}`));
      }
    }).then((u) => { unsubscribe = u; }, reject);
  });
}

/** The first event `section.method` among `events`, or undefined. */
export function findEvent (events, section, method) {
  return events.find((e) => e.section === section && e.method === method);
}
