// Validator session keys against a dev node: `tensorgrid validator rotate-keys --stash`
// makes keys in the node's keystore with an ownership proof for the stash; the stash's
// `session.setKeys(keys, proof)` is accepted (also through a staking proxy of the stash),
// a proof made for another account or no proof is refused, and `validator set-keys` submits them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startDevNode } from '../src/devnode.js';
import { connect, signer } from '../src/chain.js';
import { signAndWait, findEvent } from '../src/tx.js';

const cliPath = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const run = promisify(execFile);

test('rotate-keys proves session keys for the stash, and session.setKeys takes them', { timeout: 300_000 }, async () => {
  const node = await startDevNode();
  const cli = (...args) => run(process.execPath, [cliPath, '--url', node.wsUrl, ...args]);
  let api;
  try {
    api = await connect(node.wsUrl);
    const alice = signer('//Alice');
    const bob = signer('//Bob');
    assert.ok((await api.rpc.rpc.methods()).methods.map(String).includes('author_rotateKeysWithOwner'));

    // Keys proved for Alice, submitted by Alice.
    const rotated = JSON.parse((await cli('validator', 'rotate-keys', '--stash', alice.address, '--json')).stdout);
    assert.equal(rotated.stash, alice.address);
    assert.match(rotated.keys, /^0x[0-9a-f]{192}$/, 'babe, grandpa and authority discovery public keys');
    assert.match(rotated.proof, /^0x[0-9a-f]+$/);
    assert.deepEqual(Object.keys(rotated.sessionKeys), ['babe', 'grandpa', 'authorityDiscovery']);
    assert.equal(rotated.sessionKeys.babe, rotated.keys.slice(0, 66));
    assert.ok((await api.rpc.author.hasSessionKeys(rotated.keys)).isTrue, 'the node holds the private keys');

    const { events } = await signAndWait(api, api.tx.session.setKeys(rotated.keys, rotated.proof), alice);
    assert.ok(findEvent(events, 'system', 'ExtrinsicSuccess'));
    assert.deepEqual((await api.query.session.nextKeys(alice.address)).toJSON(), rotated.sessionKeys);

    // Keys proved for Bob: Alice cannot claim them, Bob can (through the CLI).
    const text = (await cli('validator', 'rotate-keys', '--stash', bob.address)).stdout;
    assert.match(text, new RegExp(`proved for stash ${bob.address}`));
    const keys = /^keys +(0x[0-9a-f]+)$/m.exec(text)[1];
    const proof = /^proof +(0x[0-9a-f]+)$/m.exec(text)[1];
    await assert.rejects(signAndWait(api, api.tx.session.setKeys(keys, proof), alice),
      (err) => err.pallet === 'session' && err.error === 'InvalidProof');
    await assert.rejects(cli('validator', 'set-keys', '--seed', '//Alice', '--keys', keys, '--proof', proof),
      (err) => err.code === 1 && /Error: session\.InvalidProof: Invalid ownership proof\./.test(err.stderr));
    assert.ok((await api.query.session.nextKeys(alice.address)).unwrap().toHex() !== keys, 'Alice kept her keys');

    const set = (await cli('validator', 'set-keys', '--seed', '//Bob', '--keys', keys, '--proof', proof)).stdout;
    assert.match(set, new RegExp(`session keys of ${bob.address} set in block 0x[0-9a-f]{64}`));
    assert.equal((await api.query.session.nextKeys(bob.address)).unwrap().toHex(), keys);

    // Keys from author_rotateKeys come without a proof: refused.
    const bare = await api.rpc.author.rotateKeys();
    await assert.rejects(signAndWait(api, api.tx.session.setKeys(bare, '0x'), alice),
      (err) => err.pallet === 'session' && err.error === 'InvalidProof');

    // A staking proxy of the stash submits for it: the proof is for the stash, the origin.
    const ferdie = signer('//Ferdie');
    await signAndWait(api, api.tx.proxy.addProxy(ferdie.address, 'Staking', 0), alice);
    const again = JSON.parse((await cli('validator', 'rotate-keys', '--stash', alice.address, '--json')).stdout);
    const proxied = await signAndWait(api, api.tx.proxy.proxy(alice.address, 'Staking', api.tx.session.setKeys(again.keys, again.proof)), ferdie);
    assert.ok(findEvent(proxied.events, 'proxy', 'ProxyExecuted').data.result.isOk);
    assert.equal((await api.query.session.nextKeys(alice.address)).unwrap().toHex(), again.keys, 'Alice rotated her keys');

    await assert.rejects(cli('validator', 'rotate-keys', '--stash', 'not-an-address'),
      (err) => err.code === 1 && /--stash: not an account address: not-an-address/.test(err.stderr));
    await assert.rejects(cli('validator', 'rotate-keys'), (err) => err.code === 1 && /--stash is required/.test(err.stderr));
  } catch (err) {
    console.error(node.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    if (api) await api.disconnect();
    await node.stop();
  }
});
