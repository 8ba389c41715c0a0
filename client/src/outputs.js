// Decoding a job's output bytes into the kernel's natural form, from the job's spec as
// the runtime API returns it (polkadot.js codec). Layouts follow `KernelSpec::output_size`:
// MatmulI8 and Conv2dI8: i32 little-endian; MlpInferenceI8: int8 logits then one u32
// argmax label per sample; AttentionI8: int8; MlpTrain: i32 (Q10) loss per step, then the
// trained weights and biases; MlpPredict: i32 (Q10) outputs, then one u32 argmax per sample.

function i32s (bytes, offset, count) {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
  return Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
}

function u32s (bytes, offset, count) {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
  return Array.from({ length: count }, (_, i) => view.getUint32(i * 4, true));
}

function i8s (bytes, offset, count) {
  return Array.from(new Int8Array(bytes.buffer, bytes.byteOffset + offset, count));
}

function rows (flat, width) {
  const out = [];
  for (let i = 0; i < flat.length; i += width) out.push(flat.slice(i, i + width));
  return out;
}

/**
 * The length in bytes of a job's output, as `KernelSpec::output_size` computes it.
 * @param {object} spec the job's `KernelSpec` codec
 * @returns {number}
 */
export function outputLength (spec) {
  if (spec.isMatmulI8) return 4 * spec.asMatmulI8.m.toNumber() * spec.asMatmulI8.n.toNumber();
  if (spec.isConv2dI8) {
    const s = spec.asConv2dI8;
    const [h, w, p, kh, kw, stride] = [s.height, s.width, s.padding, s.kernelH, s.kernelW, s.stride].map((x) => x.toNumber());
    const oh = Math.floor((h + 2 * p - kh) / stride) + 1;
    const ow = Math.floor((w + 2 * p - kw) / stride) + 1;
    return 4 * s.batch.toNumber() * s.outChannels.toNumber() * oh * ow;
  }
  if (spec.isMlpInferenceI8) {
    const s = spec.asMlpInferenceI8;
    const batch = s.batch.toNumber();
    return batch * s.layers[s.layers.length - 1].dOut.toNumber() + 4 * batch;
  }
  if (spec.isAttentionI8) return spec.asAttentionI8.seqLen.toNumber() * spec.asAttentionI8.dV.toNumber();
  if (spec.isMlpTrain) {
    const s = spec.asMlpTrain;
    const [steps, dIn, hidden, dOut] = [s.steps, s.dIn, s.hidden, s.dOut].map((x) => x.toNumber());
    return 4 * (steps + hidden * dIn + hidden + dOut * hidden + dOut);
  }
  if (spec.isMlpPredict) {
    const s = spec.asMlpPredict;
    return 4 * s.batch.toNumber() * s.dOut.toNumber() + 4 * s.batch.toNumber();
  }
  throw new Error(`unknown kernel ${spec.type}`);
}

/**
 * The output as plain JSON, or null for a kernel this does not know.
 * @param {object} spec the job's `KernelSpec` codec (`job.spec`)
 * @param {Uint8Array} bytes the output
 */
export function decodeOutput (spec, bytes) {
  const need = (len) => {
    if (bytes.length !== len) throw new Error(`a ${spec.type} output of this shape is ${len} bytes, not ${bytes.length}`);
  };
  if (spec.isMatmulI8) {
    const { m, n } = spec.asMatmulI8;
    need(4 * m.toNumber() * n.toNumber());
    return { kernel: 'MatmulI8', shape: [m.toNumber(), n.toNumber()], matrix: rows(i32s(bytes, 0, bytes.length / 4), n.toNumber()) };
  }
  if (spec.isMlpInferenceI8) {
    const s = spec.asMlpInferenceI8;
    const batch = s.batch.toNumber();
    const classes = s.layers[s.layers.length - 1].dOut.toNumber();
    need(batch * classes + 4 * batch);
    return { kernel: 'MlpInferenceI8', logits: rows(i8s(bytes, 0, batch * classes), classes), labels: u32s(bytes, batch * classes, batch) };
  }
  if (spec.isAttentionI8) {
    const s = spec.asAttentionI8;
    const [seq, dv] = [s.seqLen.toNumber(), s.dV.toNumber()];
    need(seq * dv);
    return { kernel: 'AttentionI8', shape: [seq, dv], matrix: rows(i8s(bytes, 0, seq * dv), dv) };
  }
  if (spec.isMlpTrain) {
    const s = spec.asMlpTrain;
    const [steps, dIn, hidden, dOut] = [s.steps, s.dIn, s.hidden, s.dOut].map((x) => x.toNumber());
    need(4 * (steps + hidden * dIn + hidden + dOut * hidden + dOut));
    let at = 0;
    const take = (count) => { const v = i32s(bytes, at, count); at += 4 * count; return v; };
    return {
      kernel: 'MlpTrain',
      fracBits: 10,
      lossPerStep: take(steps),
      w1: rows(take(hidden * dIn), dIn),
      b1: take(hidden),
      w2: rows(take(dOut * hidden), hidden),
      b2: take(dOut)
    };
  }
  if (spec.isMlpPredict) {
    const s = spec.asMlpPredict;
    const [batch, dOut] = [s.batch.toNumber(), s.dOut.toNumber()];
    need(4 * batch * dOut + 4 * batch);
    return { kernel: 'MlpPredict', fracBits: 10, outputs: rows(i32s(bytes, 0, batch * dOut), dOut), labels: u32s(bytes, 4 * batch * dOut, batch) };
  }
  if (spec.isConv2dI8) {
    return { kernel: 'Conv2dI8', values: i32s(bytes, 0, Math.floor(bytes.length / 4)) };
  }
  return null;
}
