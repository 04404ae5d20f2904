'use client';

import { type FormEvent, useState } from 'react';
import { Authenticated, AuthLoading, Unauthenticated, useMutation, useQuery } from 'convex/react';
import { api } from '@/convex/_generated/api';

export function Notes() {
  return (
    <section>
      <AuthLoading>
        <p>Connecting…</p>
      </AuthLoading>
      <Unauthenticated>
        <p>Sign in to see your notes.</p>
      </Unauthenticated>
      {/* Rendered only once Convex itself has accepted the WorkOS token. */}
      <Authenticated>
        <NoteList />
      </Authenticated>
    </section>
  );
}

function NoteList() {
  const notes = useQuery(api.myFunctions.listNotes);
  const addNote = useMutation(api.myFunctions.addNote);
  const [text, setText] = useState('');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text.trim() === '') return;
    await addNote({ text });
    setText('');
  }

  return (
    <>
      <form onSubmit={onSubmit}>
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="New note" />
        <button type="submit">Add</button>
      </form>
      {notes === undefined ? (
        <p>Loading…</p>
      ) : (
        <ul>
          {notes.map((note) => (
            <li key={note._id}>{note.text}</li>
          ))}
        </ul>
      )}
    </>
  );
}
