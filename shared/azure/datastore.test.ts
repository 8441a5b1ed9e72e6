import { describe, expect, it } from 'vitest';
import { parseDatastoreUri } from './datastore.js';

describe('parseDatastoreUri', () => {
  it('reads the long form register-model writes and the short form', () => {
    expect(
      parseDatastoreUri(
        'azureml://subscriptions/s1/resourcegroups/rg1/workspaces/dev/datastores/workspaceblobstore/paths/LocalUpload/abc/model/',
      ),
    ).toEqual({
      workspace: { subscriptionId: 's1', resourceGroup: 'rg1', name: 'dev' },
      datastore: 'workspaceblobstore',
      path: 'LocalUpload/abc/model',
    });
    expect(parseDatastoreUri('azureml://datastores/ds/paths/a/b.onnx')).toEqual({
      datastore: 'ds',
      path: 'a/b.onnx',
    });
  });

  it('refuses what is not a datastore path', () => {
    expect(parseDatastoreUri('azureml://datastores/ds/paths/')).toBeUndefined();
    expect(parseDatastoreUri('https://acct.blob.core.windows.net/c/model')).toBeUndefined();
    expect(parseDatastoreUri('azureml://jobs/123/outputs/artifacts/paths/model')).toBeUndefined();
  });
});
