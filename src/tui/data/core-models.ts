/**
 * Wires the network and storage models into the OVN and CSI panes when their summary modules
 * exist (they are built alongside the dashboard; until then the panes derive their rows from
 * the API objects). Loaded by path at run time so the dashboard does not depend on them.
 */
import { setOvnModel, type OvnModelApi } from './ovn.js';
import { setCsiModel, type CsiModelApi } from './csi.js';

let started = false;

export function loadCoreModels(): void {
  if (started) return;
  started = true;
  const network = '../../core/network/summary.js';
  const storage = '../../core/storage/summary.js';
  import(network).then(
    (m: Partial<OvnModelApi>) => {
      if (typeof m.ovnSummary === 'function') setOvnModel(m as OvnModelApi);
    },
    () => undefined,
  );
  import(storage).then(
    (m: Partial<CsiModelApi>) => {
      if (typeof m.csiSummary === 'function') setCsiModel(m as CsiModelApi);
    },
    () => undefined,
  );
}
