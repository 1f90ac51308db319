/** Model runtimes: each turns rows of named feature values into labels and scores. */
package io.rtml.inference.runtime;
