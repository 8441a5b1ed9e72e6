// The managed online endpoint YAML (`az ml online-endpoint create -f`): what the deploy step
// accepts, and the ARM `OnlineEndpoint` body it becomes. Traffic is refused here: the rollout
// owns it, and a YAML traffic map would fight the stepwise shift.
import type { ManagedServiceIdentity, OnlineEndpoint } from '@azure/arm-machinelearning';
import { RolloutError } from '../errors.js';
import { throwIfIssues } from './issues.js';
import { endpointNameProblem } from './names.js';
import { type MappingReader, rootMapping, YamlDocument } from './reader.js';

export type AuthMode = 'key' | 'aml_token';
export type NetworkAccess = 'enabled' | 'disabled';
export type IdentityType = 'system_assigned' | 'user_assigned' | 'system_assigned,user_assigned' | 'none';

export interface EndpointIdentity {
  type: IdentityType;
  /** ARM ids of user-assigned managed identities. */
  userAssignedIdentities: string[];
}

export interface EndpointSpec {
  name: string;
  /** `key` when the YAML says nothing, as the CLI defaults. */
  authMode: AuthMode;
  description?: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
  identity?: EndpointIdentity;
  publicNetworkAccess?: NetworkAccess;
  /** The YAML's `location`, checked against the workspace's when mapping. */
  location?: string;
  /** Output-only fields that were present and ignored (`scoring_uri`, ...), for a log line. */
  ignored: string[];
}

const TRAFFIC_HINT =
  'the deploy step owns traffic: it creates the new deployment at 0% and shifts it by traffic-steps (mirror-percent for mirroring); remove this field';

const USER_IDENTITY_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;

/** Reads an endpoint document; problems go to `doc.issues`. */
export function readEndpoint(doc: YamlDocument): EndpointSpec | undefined {
  const r = rootMapping(doc);
  if (!r) return undefined;
  const ignored: string[] = [];
  r.string('$schema');
  const name = r.requiredString('name', endpointNameProblem);
  const authMode = readAuthMode(r);
  const description = r.string('description');
  const tags = r.stringMap('tags') ?? {};
  const properties = r.stringMap('properties') ?? {};
  const identity = readIdentity(r);
  const publicNetworkAccess = r.choice('public_network_access', ['enabled', 'disabled'] as const);
  const location = r.string('location');
  r.refuse('traffic', 'is set by the deploy step, not by the endpoint YAML', TRAFFIC_HINT);
  r.refuse('mirror_traffic', 'is set by the deploy step, not by the endpoint YAML', TRAFFIC_HINT);
  r.refuse('kind', 'is output-only (az ml does not accept it on input either)', 'remove it');
  r.refuse(
    'compute',
    'is for Kubernetes online endpoints; the deploy step creates managed online endpoints',
    'remove it',
  );
  r.ignore(['id', 'provisioning_state', 'scoring_uri', 'openapi_uri', 'swagger_uri'], ignored);
  r.finish();
  if (name === undefined) return undefined;
  return {
    name,
    authMode: authMode ?? 'key',
    ...(description === undefined ? {} : { description }),
    tags,
    properties,
    ...(identity === undefined ? {} : { identity }),
    ...(publicNetworkAccess === undefined ? {} : { publicNetworkAccess }),
    ...(location === undefined ? {} : { location }),
    ignored,
  };
}

function readAuthMode(r: MappingReader): AuthMode | undefined {
  const v = r.raw('auth_mode');
  if (typeof v === 'string' && v.toLowerCase() === 'aad_token') {
    r.report(
      'auth_mode',
      'aad_token is not supported by the deploy step',
      "use key or aml_token: the step's smoke test and the gate call the endpoint with its key or an aml_token",
    );
    return undefined;
  }
  return r.choice('auth_mode', ['key', 'aml_token'] as const);
}

function readIdentity(r: MappingReader): EndpointIdentity | undefined {
  const m = r.mapping('identity');
  if (!m) return undefined;
  const type = m.choice('type', [
    'system_assigned',
    'user_assigned',
    'system_assigned,user_assigned',
    'none',
  ] as const);
  if (!m.has('type')) m.report('type', 'is required');
  const ids: string[] = [];
  const list = m.raw('user_assigned_identities');
  if (list !== undefined) {
    if (!Array.isArray(list)) {
      m.report('user_assigned_identities', 'expected a list of {resource_id: <ARM id>}');
    } else {
      list.forEach((item, i) => {
        const path = [...m.path, 'user_assigned_identities', i];
        const id =
          typeof item === 'object' && item !== null
            ? (item as Record<string, unknown>).resource_id
            : undefined;
        if (typeof id !== 'string') {
          m.doc.report(path, 'expected {resource_id: <ARM id of a user-assigned identity>}');
        } else if (!USER_IDENTITY_ID.test(id)) {
          m.doc.report([...path, 'resource_id'], `'${id}' is not the ARM id of a user-assigned identity`);
        } else {
          ids.push(id);
        }
      });
    }
  }
  m.refuse('principal_id', 'is output-only', 'remove it');
  m.refuse('tenant_id', 'is output-only', 'remove it');
  m.finish();
  if (type === undefined) return undefined;
  const wantsUser = type.includes('user_assigned');
  if (wantsUser && ids.length === 0 && list === undefined) {
    m.report('user_assigned_identities', `is required when type is ${type}`);
  }
  if (!wantsUser && list !== undefined) {
    m.report(
      'user_assigned_identities',
      `is only allowed when type includes user_assigned (type is ${type})`,
    );
  }
  return { type, userAssignedIdentities: wantsUser ? ids : [] };
}

/** Parses endpoint YAML text; throws one SpecError listing every problem. */
export function parseEndpointYaml(text: string, source: string): EndpointSpec {
  const doc = new YamlDocument(text, source, 'endpoint');
  const spec = readEndpoint(doc);
  throwIfIssues(doc.issues);
  return spec as EndpointSpec;
}

export interface EndpointTarget {
  /** The workspace's region: ARM endpoints live there. */
  location: string;
  /**
   * Traffic to carry over when the endpoint already exists: a PUT replaces the whole resource,
   * and one without traffic would reset it. Never taken from the YAML.
   */
  traffic?: Record<string, number>;
  /** Tags merged over the YAML's (e.g. the rollout's journal tags read from the live endpoint). */
  tags?: Record<string, string>;
}

const IDENTITY_TYPES: Record<IdentityType, string> = {
  none: 'None',
  system_assigned: 'SystemAssigned',
  user_assigned: 'UserAssigned',
  'system_assigned,user_assigned': 'SystemAssigned,UserAssigned',
};

/** The ARM body for `onlineEndpoints.beginCreateOrUpdate`. */
export function toOnlineEndpoint(spec: EndpointSpec, target: EndpointTarget): OnlineEndpoint {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  if (spec.location !== undefined && norm(spec.location) !== norm(target.location)) {
    throw new RolloutError(
      'EndpointLocationMismatch',
      `endpoint '${spec.name}' says location '${spec.location}', but the workspace is in '${target.location}'`,
      {
        resource: spec.name,
        remediation: 'remove location from the endpoint YAML (endpoints live in the workspace region)',
      },
    );
  }
  const identity: ManagedServiceIdentity | undefined = spec.identity && {
    type: IDENTITY_TYPES[spec.identity.type],
    ...(spec.identity.userAssignedIdentities.length
      ? {
          userAssignedIdentities: Object.fromEntries(
            spec.identity.userAssignedIdentities.map((id) => [id, {}]),
          ),
        }
      : {}),
  };
  return {
    location: target.location,
    tags: { ...spec.tags, ...target.tags },
    ...(identity ? { identity } : {}),
    properties: {
      authMode: spec.authMode === 'key' ? 'Key' : 'AMLToken',
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(Object.keys(spec.properties).length ? { properties: { ...spec.properties } } : {}),
      ...(spec.publicNetworkAccess === undefined
        ? {}
        : { publicNetworkAccess: spec.publicNetworkAccess === 'enabled' ? 'Enabled' : 'Disabled' }),
      ...(target.traffic === undefined ? {} : { traffic: { ...target.traffic } }),
    },
  };
}
