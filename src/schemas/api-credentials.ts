// Credentials for calling an API: a bare API key, and an OAuth 2.0 client (client
// credentials grant). Only the key and the client secret are secret; the ids and URLs are
// there so a consumer (or a rotation function) knows where the credential is used.
import {httpsUrlField, nonEmptyString} from './field-rules.js'
import type {SecretSchema} from './schema.js'

export const apiKeySchema: SecretSchema = {
  name: 'api-key',
  summary: 'An API key, with an optional key id and the endpoint it is for.',
  kind: 'json',
  fields: [
    {name: 'apiKey', required: true, secret: true, description: 'The key itself (--generate fills it).'},
    {
      name: 'keyId',
      required: false,
      secret: false,
      description: "The provider's non-secret id for this key, to find it when revoking.",
    },
    {
      name: 'endpoint',
      required: false,
      secret: false,
      type: 'url',
      description: 'https:// URL of the API this key is for.',
    },
  ],
  generatedField: 'apiKey',
  example: {apiKey: '<api key>', keyId: '<key id>', endpoint: 'https://api.example.com'},
  validator: (z) =>
    z.looseObject({
      apiKey: nonEmptyString(z),
      keyId: nonEmptyString(z).optional(),
      endpoint: httpsUrlField(z).optional(),
    }),
}

export const oauthClientSchema: SecretSchema = {
  name: 'oauth-client',
  summary: 'An OAuth 2.0 client: client id, client secret and token URL.',
  kind: 'json',
  fields: [
    {name: 'clientId', required: true, secret: false, description: 'The client (application) id.'},
    {name: 'clientSecret', required: true, secret: true, description: 'The client secret (--generate fills it).'},
    {name: 'tokenUrl', required: true, secret: false, type: 'url', description: 'https:// URL of the token endpoint.'},
    {name: 'scope', required: false, secret: false, description: 'Space-separated scopes to request.'},
    {
      name: 'audience',
      required: false,
      secret: false,
      description: 'Audience to request, for providers that need one.',
    },
  ],
  generatedField: 'clientSecret',
  example: {
    clientId: '<client id>',
    clientSecret: '<client secret>',
    tokenUrl: 'https://auth.example.com/oauth2/token',
    scope: '<scope> <another scope>',
  },
  validator: (z) =>
    z.looseObject({
      clientId: nonEmptyString(z),
      clientSecret: nonEmptyString(z),
      tokenUrl: httpsUrlField(z),
      scope: z.string().optional(),
      audience: z.string().optional(),
    }),
}
