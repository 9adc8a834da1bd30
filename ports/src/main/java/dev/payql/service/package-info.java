/**
 * The use cases, implemented in plain Java on the domain and the outbound ports only. A host
 * application embeds PayQL by constructing these with adapters of its choice.
 */
package dev.payql.service;
