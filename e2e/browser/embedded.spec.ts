import { expect, test } from '../support/fixtures';
import { GatewayDashboardPage } from '../pages/gateway-dashboard-page';
import { ModeSwitcherPage } from '../pages/mode-switcher-page';
import { PlaygroundPage } from '../pages/playground-page';
import { callApi } from '../support/api-client';
import { configWithProvider, embeddedSettings, MODEL, PROVIDER, PROVIDER_KEY_ENV } from '../support/configs';
import { uniqueContainerName } from '../support/engine-fixture';
import { saveScreenshot } from '../support/screenshots';

/**
 * Journey 3 — embedded mode on the real container engine. The gateway is started from the dashboard (and
 * stopped again) and becomes healthy; a container killed from outside (dockerode) is noticed and restarted;
 * with a crash-looping image the next message is served by Direct with the fallback badge, and once the
 * image is fixed the switch back shows on the timeline and the next message goes through the gateway again.
 * Containers use host networking (never the bridge) and a unique name; the app must remove them on exit.
 */

test.describe.configure({ timeout: 180_000 });

test('in Direct mode, the dashboard starts the gateway on a reachable engine and stops it again', async ({ page, app, appData, openai, providerKey, engine }) => {
  const name = uniqueContainerName();
  appData.writeConfig(configWithProvider(openai.url, { mode: 'direct', plano_embedded: embeddedSettings(engine.healthyImage, engine.endpoint, name) }));
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  try {
    await app.open(page);
    await new PlaygroundPage(page).waitReady();
    const dashboard = new GatewayDashboardPage(page);
    await dashboard.open();
    // The engine answers: the dashboard must not claim otherwise, and Start must be offered.
    await expect.soft(dashboard.engineUnreachable).toHaveCount(0);
    await expect(dashboard.startButton).toBeEnabled();
    await dashboard.startButton.click();
    await dashboard.expectPhase('ready');
    // The outcome of the click, in words, once the gateway has settled.
    await expect(dashboard.outcome).toHaveText(/^Gateway ready on 127\.0\.0\.1:\d+\.$/);
    await expect(dashboard.timelineEntries('health').first()).toContainText('passed');
    expect(await engine.containersNamed(name)).toHaveLength(1);

    // What a container view shows, from the engine's own inspect: env names only, values masked.
    const inspect = dashboard.inspect;
    await expect(inspect.getByTestId('inspect-image')).toContainText(engine.healthyImage);
    await expect(inspect).toContainText(name);
    await expect(inspect.getByTestId('inspect-mounts')).toContainText('/app/plano_config.yaml (read-only)');
    await expect(inspect.getByTestId('inspect-env')).toContainText('=••••••');
    await expect(inspect.getByTestId('inspect-labels')).toContainText('io.switchyard.managed=true');
    await expect(inspect).not.toContainText(providerKey);
    // Plano's view of each model's route, read from the generated config.
    await expect(dashboard.routes).toContainText(`${PROVIDER}/${MODEL}`);
    await expect(dashboard.routes).toContainText(openai.url);
    // Logs follow the container.
    await expect(dashboard.logs).not.toHaveText(/No log lines yet/);
    await expect(dashboard.page.getByTestId('log-follow')).toBeChecked();

    await dashboard.scrollToTop();
    await dashboard.stopButton.click();
    await dashboard.expectPhase(/stopped|idle/);
    await expect(dashboard.outcome).toHaveText('Gateway stopped.');
    await expect.poll(() => engine.containersNamed(name), { timeout: 20_000 }).toEqual([]);
    await expect(dashboard.page.getByTestId('inspect-none')).toBeVisible();
  } finally {
    await app.stop();
    await engine.removeContainersNamed(name);
  }
});

test('opened in embedded mode, the app shows the mode and no error once the gateway is ready', async ({ page, app, appData, openai, providerKey, engine }) => {
  const name = uniqueContainerName();
  appData.writeConfig(configWithProvider(openai.url, { mode: 'plano_embedded', plano_embedded: embeddedSettings(engine.healthyImage, engine.endpoint, name) }));
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  try {
    await app.open(page);
    const dashboard = new GatewayDashboardPage(page);
    await dashboard.open();
    await dashboard.expectPhase('ready');
    // The page was opened while the container was still starting: nothing may stay broken once it is ready.
    await expect(dashboard.shell.connectionAlert).toHaveCount(0);
    await expect(dashboard.shell.modeStatus).toContainText('Plano embedded');
    const modes = new ModeSwitcherPage(page);
    await modes.open();
    await modes.expectActivePath('plano_embedded');
  } finally {
    await app.stop();
    await engine.removeContainersNamed(name);
  }
});

test('embedded mode: the gateway becomes healthy, serves, and survives a kill from outside', async ({ page, app, appData, openai, providerKey, engine }) => {
  const name = uniqueContainerName();
  appData.writeConfig(configWithProvider(openai.url, { mode: 'direct', plano_embedded: embeddedSettings(engine.healthyImage, engine.endpoint, name) }));
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  try {
    await app.open(page);
    const dashboard = new GatewayDashboardPage(page);
    const playground = new PlaygroundPage(page);
    const modes = new ModeSwitcherPage(page);
    await playground.waitReady();

    await test.step('switch to embedded mode and watch the gateway become healthy on the dashboard', async () => {
      await modes.open();
      await modes.switchTo('plano_embedded');
      await dashboard.open();
      // Embedded mode brings the gateway up by itself; Start is only needed if it has not begun yet.
      if (await dashboard.startButton.isEnabled()) await dashboard.startButton.click();
      await dashboard.expectPhase('ready');
      expect(await dashboard.restartCount()).toBe(0);
      await expect(dashboard.timelineEntries('health').first()).toContainText('passed');
      await expect(dashboard.logs).toContainText('plano stand-in: starting');
      // Once the gateway is healthy, nothing on screen still claims the app is unreachable (soft: reported
      // without hiding whether the rest of the journey works).
      await expect.soft(dashboard.shell.connectionAlert).toHaveCount(0);
      expect(await engine.containersNamed(name)).toHaveLength(1);
    });

    await test.step('a message in embedded mode goes through the container', async () => {
      await modes.open();
      await modes.expectActivePath('plano_embedded');
      await expect(modes.path('plano_embedded')).toHaveAttribute('data-state', 'healthy');
      await playground.open();
      // The provider is `mockai` to Switchyard and has a name of its own in Plano: the picker still lists its model.
      await expect.poll(() => playground.modelOptions()).toEqual([MODEL]);
      openai.behave({ reply: 'Served from the container.' });
      await playground.send('Where are you?');
      await playground.waitForReplyDone();
      const route = playground.route(playground.lastAssistant());
      await expect(playground.lastAssistant()).toContainText('Served from the container.');
      await expect(route.mode).toHaveText('Plano embedded');
      await expect(route.fallback).toHaveCount(0);
      await dashboard.open();
      await dashboard.generatedConfig.locator('xpath=ancestor::details').locator('summary').click();
      await expect(dashboard.generatedConfig).toContainText('model_providers');
      await expect(dashboard.generatedConfig).not.toContainText(providerKey);
    });

    await test.step('kill the container from outside: the dashboard shows the failure and the restart', async () => {
      const before = await callApi(app.handle, 'gateway.status');
      expect(before.containerId).toBeTruthy();
      await engine.docker.getContainer(before.containerId!).kill();
      await expect.poll(() => dashboard.restartCount(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      await expect(dashboard.timelineEntries('restart').first()).toBeVisible();
      await dashboard.expectPhase('ready');
      const after = await callApi(app.handle, 'gateway.status');
      expect(after.containerId).not.toBe(before.containerId);
      expect(after.restarts).toBeGreaterThanOrEqual(1);
      await dashboard.scrollToTop();
      await saveScreenshot(page, 'gateway-dashboard');
    });

    await test.step('the next message goes through the new container', async () => {
      await playground.open();
      openai.behave({ reply: 'Back in the container.' });
      await playground.send('Still there?');
      await playground.waitForReplyDone();
      await expect(playground.lastAssistant()).toContainText('Back in the container.');
      await expect(playground.route(playground.lastAssistant()).mode).toHaveText('Plano embedded');
    });

    await test.step('stopping the app removes its container', async () => {
      await app.stop();
      await expect.poll(() => engine.containersNamed(name), { timeout: 20_000 }).toEqual([]);
    });
  } finally {
    await app.stop();
    await engine.removeContainersNamed(name);
  }
});

test('a crash-looping image: fallback with its badge, then recovery shown on the timeline', async ({ page, app, appData, openai, providerKey, engine }) => {
  const name = uniqueContainerName();
  // A "release" tag that starts out broken; fixing it from outside lets background recovery succeed.
  const release = await engine.tagAs(engine.crashImage);
  appData.writeConfig(
    configWithProvider(openai.url, { mode: 'plano_embedded', enable_fallback: true, plano_embedded: embeddedSettings(release, engine.endpoint, name, { max_restarts: 1 }) }),
  );
  await app.start({ env: { [PROVIDER_KEY_ENV]: providerKey } });
  try {
    await app.open(page);
    const dashboard = new GatewayDashboardPage(page);
    const playground = new PlaygroundPage(page);
    await playground.waitReady();

    await test.step('the gateway crash-loops, gives up and falls back to Direct', async () => {
      await dashboard.open();
      if (await dashboard.startButton.isEnabled()) await dashboard.startButton.click();
      await expect(dashboard.timelineEntries('fallback').first()).toBeVisible({ timeout: 60_000 });
      await expect(dashboard.phase).toContainText('fallback');
      await expect(dashboard.logs).toContainText('invalid configuration');
    });

    await test.step('the next message is served by Direct, with the fallback badge', async () => {
      await playground.open();
      openai.behave({ reply: 'Served directly while the gateway is down.' });
      await playground.send('Anyone home?');
      await playground.waitForReplyDone();
      const reply = playground.lastAssistant();
      await expect(reply).toContainText('Served directly while the gateway is down.');
      const route = playground.route(reply);
      await expect(route.mode).toHaveText('Direct');
      await expect(route.fallback).toBeVisible();
      await expect(route.fallback).toContainText(/restart|gateway|container/i);
      await expect(playground.shell.modeStatus).toContainText('fallback');
    });

    await test.step('the mode switcher shows the container fallen back and Direct carrying the traffic', async () => {
      const modes = new ModeSwitcherPage(page);
      await modes.open();
      await expect(modes.fallbackBanner).toContainText('requests are served by Direct');
      await modes.expectActivePath('direct');
      await expect(modes.path('plano_embedded')).toHaveAttribute('data-state', 'fallen-back');
    });

    await test.step('the image is fixed: recovery and the switch back show on the timeline', async () => {
      await engine.tagAs(engine.healthyImage, release.split(':').pop());
      await dashboard.open();
      await expect(dashboard.timelineEntries('recovery').first()).toBeVisible({ timeout: 90_000 });
      await expect(dashboard.timelineEntries('recovery').first()).toContainText('requests go through it again');
      await dashboard.expectPhase('ready');
      await expect(dashboard.phase).not.toContainText('fallback');
    });

    await test.step('the next message goes through the gateway again, without the badge', async () => {
      await playground.open();
      openai.behave({ reply: 'Through the gateway again.' });
      await playground.send('And now?');
      await playground.waitForReplyDone();
      const route = playground.route(playground.lastAssistant());
      await expect(route.mode).toHaveText('Plano embedded');
      await expect(route.fallback).toHaveCount(0);
    });
  } finally {
    await app.stop();
    await engine.removeContainersNamed(name);
    await engine.docker.getImage(release).remove().catch(() => undefined);
  }
});
