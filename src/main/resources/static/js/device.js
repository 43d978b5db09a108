// A device's page: its commands (what its model accepts, the queue with each command's state and who asked).
import { cfg, attempt } from './common.js';
import { mountCommands } from './device-commands.js';

if (cfg.can.manageDevices !== true) document.getElementById('devices-back').hidden = true;
attempt(async () => {
  await mountCommands(document.getElementById('device-commands'), cfg.subject);
  document.body.dataset.loaded = 'true';
});
