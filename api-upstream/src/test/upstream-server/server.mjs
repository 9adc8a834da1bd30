// The upstream of the proxy-mode tests: GraphQL Yoga over graphql-js, on 127.0.0.1:<port>.
// It counts what reaches it, so tests can say how often PayQL forwarded a request, and it records
// the headers of the last request. GET /counts answers {requests, mutations, mutationsByText,
// lastHeaders}. addNote(delayMs) counts the mutation when it arrives and answers only after delayMs,
// so a forward can time out after the mutation ran: the at-most-once tests count it here.
// Usage: node server.mjs PORT
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const port = Number(process.argv[2] ?? 4000);
const counts = { requests: 0, mutations: 0, mutationsByText: {}, lastHeaders: {} };
let nextId = 1;
const notes = [];

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query {
      hello(name: String): String!
      notes(first: Int): [Note!]!
      broken: String!
      slow(ms: Int!): String!
    }
    type Mutation { addNote(text: String!, delayMs: Int): Note! }
    type Subscription { ticks: Int! }
    type Note { id: ID! text: String! }
  `,
  resolvers: {
    Query: {
      hello: (_, { name }) => `hello ${name ?? 'world'}`,
      notes: (_, { first }) => notes.slice(0, first ?? notes.length),
      broken: () => { throw new Error('the upstream resolver failed'); },
      slow: (_, { ms }) => new Promise((resolve) => setTimeout(() => resolve('slow'), ms)),
    },
    Mutation: {
      addNote: (_, { text, delayMs }) => {
        counts.mutations++;
        counts.mutationsByText[text] = (counts.mutationsByText[text] ?? 0) + 1;
        const note = { id: String(nextId++), text };
        notes.push(note);
        return delayMs ? new Promise((resolve) => setTimeout(() => resolve(note), delayMs)) : note;
      },
    },
    Subscription: {
      ticks: { subscribe: async function* () { yield { ticks: 1 }; } },
    },
  },
});

const yoga = createYoga({ schema, graphqlEndpoint: '/graphql', logging: false, maskedErrors: false });

createServer((req, res) => {
  if (req.url === '/counts') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(counts));
    return;
  }
  if (req.url.startsWith('/graphql') && req.method === 'POST') {
    counts.requests++;
    counts.lastHeaders = req.headers;
  }
  yoga(req, res);
}).listen(port, '127.0.0.1', () => console.log(`upstream listening on ${port}`));
