// deploy/k8s without a cluster: the kustomize base's structure — N isolated universes as the pods of a
// StatefulSet, each reachable through the headless Service, health-probed on the control plane, running
// the same image and command as docker-compose.yml.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TWIN_NAMES, twinPort, DEFAULT_PORT_BASE } from '../shared/twin-names.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'deploy', 'k8s');
const load = (file: string) => parse(readFileSync(join(dir, file), 'utf8'));
const kustomization = load('kustomization.yaml');
const resources = (kustomization.resources as string[]).map((file) => ({ file, doc: load(file) }));
const ofKind = (kind: string) => resources.find((r) => r.doc.kind === kind)!.doc;
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });

const CONTRACT_PORTS = { control: DEFAULT_PORT_BASE, ...Object.fromEntries(TWIN_NAMES.map((t) => [t, twinPort(DEFAULT_PORT_BASE, t)])) } as Record<string, number>;

describe('deploy/k8s (kustomize base)', () => {
  it('lists resources that exist, each a known kind with a name', () => {
    expect(kustomization.kind).toBe('Kustomization');
    for (const { file, doc } of resources) {
      expect(existsSync(join(dir, file)), file).toBe(true);
      expect(['StatefulSet', 'Service'], file).toContain(doc.kind);
      expect(doc.metadata.name, file).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('runs one universe per pod: `dtu up` from the compose image, binding all interfaces, on the contract ports', () => {
    const set = ofKind('StatefulSet');
    expect(set.apiVersion).toBe('apps/v1');
    expect(set.spec.replicas).toBeGreaterThan(1);
    const [container] = set.spec.template.spec.containers;
    expect(container.image).toBe(compose.services.okta.image);
    expect(container.command).toEqual(['node', 'dist/dtu.js', 'up']);
    const env = Object.fromEntries(container.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    expect(env.DTU_HOST).toBe('0.0.0.0');
    expect(env.DTU_PUBLIC_URL_TEMPLATE).toBe('http://$(POD_NAME).dtu-universe.$(POD_NAMESPACE).svc:{port}');
    // $(VAR) references resolve only to variables defined earlier in the list.
    const names = container.env.map((e: { name: string }) => e.name);
    expect(names.indexOf('POD_NAME')).toBeLessThan(names.indexOf('DTU_PUBLIC_URL_TEMPLATE'));
    expect(Object.fromEntries(container.ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]))).toEqual(CONTRACT_PORTS);
  });

  it('probes the control plane health, which is 200 only when every twin is up', () => {
    const [container] = ofKind('StatefulSet').spec.template.spec.containers;
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe]?.httpGet, probe).toEqual({ path: '/_dtu/health', port: 'control' });
    }
  });

  it('gives every pod its own DNS name through a headless Service that selects exactly the universe pods', () => {
    const set = ofKind('StatefulSet');
    const service = ofKind('Service');
    expect(service.spec.clusterIP).toBe('None');
    expect(set.spec.serviceName).toBe(service.metadata.name);
    expect(set.spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(set.spec.template.metadata.labels).toMatchObject(set.spec.selector.matchLabels);
    const containerPorts = new Set(set.spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name));
    for (const port of service.spec.ports) {
      expect(containerPorts.has(port.targetPort), port.name).toBe(true);
      expect(port.port).toBe(CONTRACT_PORTS[port.name]);
    }
  });
});
